"""Webhook mode: POST every update to the URL setWebhook named, as Telegram does.

Up to ``max_connections`` updates are in flight at once (Telegram's default 40), but never two
of the same sender: one person's updates arrive in order, each after the previous one was
answered. A refused or failed POST is retried with a growing pause (the bot may be restarting)
and recorded in getWebhookInfo. A bot may answer the POST with a method call in its body, as
Telegram allows.
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
_SENDER_FIELDS = (
    "message",
    "edited_message",
    "callback_query",
    "inline_query",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
)


def sender_key(update: dict[str, Any]) -> object:
    """Whose update this is (their updates go one at a time); the update itself if unknown."""
    for field in _SENDER_FIELDS:
        body = update.get(field)
        if isinstance(body, dict):
            sender = body.get("from") or body.get("chat")
            if isinstance(sender, dict) and "id" in sender:
                return ("user", sender["id"])
    return ("update", update.get("update_id"))


class WebhookDelivery:
    """The background task that delivers updates while a webhook is set."""

    def __init__(self, state: EmulatorState, api: BotApi, session: aiohttp.ClientSession) -> None:
        self._state = state
        self._api = api
        self._session = session
        self._pause = _FIRST_PAUSE
        self._busy: set[object] = set()  # senders with an update in flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._changed = asyncio.Event()

    async def run(self) -> None:
        """Deliver until the emulator closes."""
        state = self._state
        try:
            while not state.closing:
                state.updates.by_webhook = bool(state.webhook.url)
                if not state.webhook.url or not state.updates.items:
                    # setWebhook/deleteWebhook fire the same signal as a new update does.
                    await state.updates.arrived.wait(1.0)
                    continue
                started = self._start_ready()
                if not started:
                    # Everything pending waits for a sender's update in flight, or for room.
                    self._changed.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), 1.0)
        finally:
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _start_ready(self) -> int:
        state = self._state
        room = max(1, state.webhook.max_connections) - len(self._tasks)
        started = 0
        for update in list(state.updates.items):
            if room <= 0:
                break
            key = sender_key(update)
            if key in self._busy:
                continue
            self._busy.add(key)
            task = asyncio.create_task(self._deliver(update, key))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            room -= 1
            started += 1
        return started

    async def _deliver(self, update: dict[str, Any], key: object) -> None:
        try:
            delivered = await self._post(update)
            if delivered:
                self._pause = _FIRST_PAUSE
            else:
                await asyncio.sleep(self._pause)
                self._pause = min(_LONGEST_PAUSE, self._pause * 2)
        finally:
            self._busy.discard(key)
            self._changed.set()

    async def _post(self, update: dict[str, Any]) -> bool:
        state = self._state
        hook = state.webhook
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
        state.updates.remove(update["update_id"])
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
