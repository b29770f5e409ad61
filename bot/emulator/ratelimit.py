"""Telegram's flood limits: overall messages per second, per private chat, per group."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from bot.emulator.config import Limits


class SendLimiter:
    """Decides whether a send may go out now, and keeps the sent-per-second figure.

    Overall: a sliding one-second window (at most ``global_rate`` sends in any second, or
    ``paid_rate`` for paid broadcasts). Private chats: a token bucket refilled at
    ``per_chat_rate`` per second holding ``burst`` tokens. Groups: a sliding one-minute window.
    Every structure is bounded: the windows hold at most one window's worth of timestamps.
    """

    def __init__(self, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._burst = max(1, burst)
        self._sent: deque[float] = deque()
        self._buckets: dict[int, tuple[float, float]] = {}
        self._groups: dict[int, deque[float]] = {}
        self.sent_per_second_max = 0

    def reset(self) -> None:
        """Forget every chat and the measured maximum."""
        self._sent.clear()
        self._buckets.clear()
        self._groups.clear()
        self.sent_per_second_max = 0

    def check(
        self, limits: Limits, chat_id: int, is_group: bool, paid: bool, *, overall: bool = True
    ) -> int | None:
        """``retry_after`` seconds if this send must be refused now, else ``None``.

        ``overall=False`` leaves the bot-wide limit out (an edit in a group counts towards the
        group's limit only). Does not record anything: call :meth:`record` once the send
        really went out.
        """
        if not limits.rate_limits:
            return None
        now = self._clock()
        self._expire(now)
        waits: list[float] = []
        cap = int(limits.paid_rate if paid else limits.global_rate)
        if overall and len(self._sent) >= cap:
            # The send that must drop out of the window before this one fits.
            waits.append(self._sent[len(self._sent) - cap] + 1.0 - now)
        if is_group:
            window = self._groups.get(chat_id)
            per_min = int(limits.group_rate_per_min)
            if window is not None:
                while window and window[0] <= now - 60.0:
                    window.popleft()
                if len(window) >= per_min:
                    waits.append(window[len(window) - per_min] + 60.0 - now)
        else:
            tokens = self._tokens(chat_id, now, limits.per_chat_rate)
            if tokens < 1.0:
                waits.append((1.0 - tokens) / limits.per_chat_rate)
        if not waits:
            return None
        return max(1, math.ceil(max(waits)))

    def record(self, limits: Limits, chat_id: int, is_group: bool, *, overall: bool = True) -> None:
        """Count one send that went out (always, so ``sent_per_second_max`` is measured);
        ``overall=False`` counts it for its group only."""
        now = self._clock()
        self._expire(now)
        if overall:
            self._sent.append(now)
            if len(self._sent) > self.sent_per_second_max:
                self.sent_per_second_max = len(self._sent)
        if not limits.rate_limits:
            return
        if is_group:
            self._groups.setdefault(chat_id, deque()).append(now)
        else:
            tokens = self._tokens(chat_id, now, limits.per_chat_rate)
            self._buckets[chat_id] = (tokens - 1.0, now)

    def forget_chat(self, chat_id: int) -> None:
        """Drop the per-chat state of a chat that no longer exists."""
        self._buckets.pop(chat_id, None)
        self._groups.pop(chat_id, None)

    def _expire(self, now: float) -> None:
        edge = now - 1.0
        sent = self._sent
        while sent and sent[0] <= edge:
            sent.popleft()

    def _tokens(self, chat_id: int, now: float, rate: float) -> float:
        state = self._buckets.get(chat_id)
        if state is None:
            return float(self._burst)
        tokens, since = state
        return min(float(self._burst), tokens + (now - since) * rate)
