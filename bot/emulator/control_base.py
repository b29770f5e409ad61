"""What every control API handler needs: JSON answers, refusals, reading bodies and values."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.emulator.errors import ControlError
from bot.emulator.state import JSON

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_MAX_WAIT = 120.0


def json_response(data: Any, status: int = 200) -> web.Response:
    """A control API answer."""
    return web.Response(
        status=status,
        body=json.dumps(data, ensure_ascii=False).encode(),
        content_type="application/json",
    )


def guard(handler: Handler) -> Handler:
    """Turn a :class:`ControlError` into ``{"error": ...}`` with its status."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ControlError as e:
            return json_response({"error": e.message}, e.status)

    return wrapped


async def read_body(request: web.Request) -> JSON:
    """The JSON object of a request (``{}`` without a body)."""
    if not request.body_exists:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise ControlError(400, "the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ControlError(400, "the body must be a JSON object")
    return body


def as_int(value: Any, name: str) -> int:
    """An integer (or a string of digits) from a body or a path."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        raise ControlError(400, f"{name} must be an integer")
    return value


def as_str(body: JSON, name: str, *, required: bool = False) -> str | None:
    """A string field of a body (``None`` when absent)."""
    value = body.get(name)
    if value is None:
        if required:
            raise ControlError(400, f"{name} is required")
        return None
    if not isinstance(value, str):
        raise ControlError(400, f"{name} must be a string")
    return value


def seconds(request: web.Request, name: str, default: float) -> float:
    """A number of seconds from the query string, capped."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ControlError(400, f"{name} must be a number of seconds") from None
    return max(0.0, min(_MAX_WAIT, value))
