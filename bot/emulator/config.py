"""Settings of one emulator instance and the limits that can change while it runs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from bot.emulator.errors import ControlError


@dataclass
class EmulatorConfig:
    """How an emulator is started. Only ``host``..``bot_first_name`` matter to most callers.

    ``port=0`` picks a free port (see :attr:`bot.emulator.server.EmulatorServer.url`).
    """

    host: str = "127.0.0.1"
    port: int = 8081
    bot_token: str = "123456:TEST"  # noqa: S105 - the well-known token of a local fake
    bot_username: str = "prichal_bot"
    bot_first_name: str = "Prichal"
    # Limits in force at start; the control API can change them later.
    rate_limits: bool = False
    global_rate: float = 30
    per_chat_rate: float = 1
    group_rate_per_min: float = 20
    paid_rate: float = 1000
    latency_ms: float = 0
    # Telegram lets a private chat take a short burst before the 1/s limit bites.
    per_chat_burst: int = 3
    # Memory bounds: the oldest messages of a chat and the oldest unfetched updates go first.
    max_messages_per_chat: int = 2000
    max_pending_updates: int = 100_000
    max_stored_file_bytes: int = 512 * 1024 * 1024
    max_upload_bytes: int = 50 * 1024 * 1024
    refusals_kept: int = 500
    # Telegram's clocks: a callback query must be answered within ~15 s; the control API waits
    # up to 10 s for an inline answer; "idle" needs this long without a Bot API call.
    callback_answer_timeout: float = 15.0
    inline_answer_timeout: float = 10.0
    idle_quiet_seconds: float = 0.3

    @property
    def bot_id(self) -> int:
        """The bot's user id: the number before the colon of its token."""
        head = self.bot_token.split(":", 1)[0]
        return int(head) if head.isdigit() else 1


@dataclass
class Limits:
    """The part of the configuration ``POST /_emulator/config`` reads and returns."""

    rate_limits: bool = False
    global_rate: float = 30
    per_chat_rate: float = 1
    group_rate_per_min: float = 20
    paid_rate: float = 1000
    latency_ms: float = 0

    @classmethod
    def from_config(cls, config: EmulatorConfig) -> Limits:
        """The limits an emulator starts with."""
        return cls(**{f.name: getattr(config, f.name) for f in fields(cls)})

    def to_dict(self) -> dict[str, Any]:
        """The contract's shape of the configuration in force."""
        return asdict(self)

    def update(self, body: dict[str, Any]) -> None:
        """Apply a partial update; unknown keys or wrong types change nothing and raise."""
        known = {f.name for f in fields(self)}
        for key, value in body.items():
            if key not in known:
                raise ControlError(400, f'unknown config key "{key}"')
            if key == "rate_limits":
                if not isinstance(value, bool):
                    raise ControlError(400, "rate_limits must be a boolean")
            elif (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or value < 0
                or (key != "latency_ms" and value == 0)
            ):
                raise ControlError(400, f"{key} must be a positive number")
        for key, value in body.items():
            setattr(self, key, value)
