"""Webhook mode: POST every update, in order, to the URL setWebhook named.

One update is in flight at a time, so the bot sees them in order; a refused or failed POST is
retried with a growing pause (the bot may be restarting) and recorded in getWebhookInfo.
A bot may answer the POST with a method call in its body, as Telegram allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import aiohttp

from bot.emulator.botapi import BotApi
from bot.emulator.state import EmulatorState, now_ts

log = logging.getLogger(__name__)

_FIRST_PAUSE = 0.1
_LONGEST_PAUSE = 2.0


class WebhookDelivery:
    """The background task that delivers updates while a webhook is set."""

    def __init__(self, state: EmulatorState, api: BotApi, session: aiohttp.ClientSession) -> None:
        self._state = state
        self._api = api
        self._session = session
        self._pause = _FIRST_PAUSE

    async def run(self) -> None:
        """Deliver until the emulator closes."""
        state = self._state
        while not state.closing:
            if not state.webhook.url or not state.updates.items:
                # setWebhook/deleteWebhook fire the same signal as a new update does.
                await state.updates.arrived.wait(1.0)
                continue
            if await self._deliver_first():
                self._pause = _FIRST_PAUSE
            else:
                await asyncio.sleep(self._pause)
                self._pause = min(_LONGEST_PAUSE, self._pause * 2)

    async def _deliver_first(self) -> bool:
        state = self._state
        hook = state.webhook
        update = state.updates.items[0]
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        body = json.dumps(update, ensure_ascii=False).encode()
        state.inflight += 1
        try:
            async with self._session.post(
                hook.url, data=body, headers=headers, timeout=aiohttp.ClientTimeout(total=60)
            ) as resp:
                reply = await resp.read()
                status = resp.status
                reason = resp.reason or ""
                content_type = resp.content_type
        except (aiohttp.ClientError, TimeoutError, OSError) as e:
            self._failed(f"Connection failed: {type(e).__name__}")
            return False
        finally:
            state.inflight -= 1
            state.touch_activity()
        if not 200 <= status < 300:
            self._failed(f"Wrong response from the webhook: {status} {reason}".rstrip())
            return False
        # The update may have been dropped meanwhile (deleteWebhook(drop_pending_updates)).
        if state.updates.items and state.updates.items[0] is update:
            state.updates.pop_first()
        if content_type == "application/json" and reply:
            await self._run_reply(reply)
        return True

    def _failed(self, message: str) -> None:
        self._state.webhook.last_error_date = now_ts()
        self._state.webhook.last_error_message = message
        log.debug("webhook delivery failed: %s", message)

    async def _run_reply(self, reply: bytes) -> None:
        with contextlib.suppress(ValueError):
            payload: Any = json.loads(reply)
            if isinstance(payload, dict) and isinstance(payload.get("method"), str):
                params = {k: v for k, v in payload.items() if k != "method"}
                await self._api.call(payload["method"], params)
