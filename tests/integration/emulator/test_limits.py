"""Flood limits (429 with retry_after), paid broadcasts, latency, users who blocked the bot."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.emulator import EmulatorClient, EmulatorError
from tests.integration.emulator.conftest import RawBotApi


def _is_429(status: int, body: dict[str, Any]) -> int:
    """The ``retry_after`` of a correctly shaped 429."""
    assert status == 429, body
    retry = body["parameters"]["retry_after"]
    assert isinstance(retry, int)
    assert retry >= 1
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry}",
        "parameters": {"retry_after": retry},
    }
    return retry


async def test_config_contract(tg: EmulatorClient) -> None:
    assert await tg.config() == {
        "rate_limits": False,
        "global_rate": 30,
        "per_chat_rate": 1,
        "group_rate_per_min": 20,
        "paid_rate": 1000,
        "latency_ms": 0,
    }
    changed = await tg.config(rate_limits=True, global_rate=10)
    assert changed["rate_limits"] is True
    assert changed["global_rate"] == 10
    with pytest.raises(EmulatorError) as refused:
        await tg.config(speed="ludicrous")
    assert refused.value.status == 400
    with pytest.raises(EmulatorError):
        await tg.config(global_rate=-1)


async def test_no_limits_by_default(botapi: RawBotApi, user: dict[str, Any]) -> None:
    for i in range(40):
        await botapi.ok("sendMessage", chat_id=user["id"], text=f"m{i}")


async def test_private_chat_limit_allows_a_burst_then_429(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    await tg.config(rate_limits=True)
    for i in range(3):
        await botapi.ok("sendMessage", chat_id=user["id"], text=f"burst {i}")
    status, body = await botapi("sendMessage", chat_id=user["id"], text="one too many")
    assert _is_429(status, body) == 1
    # Other chats are not affected by this chat's limit.
    other = await tg.create_user("Boris")
    await botapi.ok("sendMessage", chat_id=other["id"], text="hi")
    stats = await tg.stats()
    assert stats["errors"]["429"] == 1
    assert stats["calls"]["sendMessage"] == 5


async def test_overall_limit_and_paid_broadcast(botapi: RawBotApi, tg: EmulatorClient) -> None:
    await tg.config(rate_limits=True, global_rate=5, paid_rate=50)
    users = [await tg.create_user(f"U{i}") for i in range(12)]
    for u in users[:5]:
        await botapi.ok("sendMessage", chat_id=u["id"], text="news")
    status, body = await botapi("sendMessage", chat_id=users[5]["id"], text="news")
    retry = _is_429(status, body)
    assert retry == 1
    # A paid broadcast may go on at the paid rate.
    for u in users[5:]:
        await botapi.ok("sendMessage", chat_id=u["id"], text="news", allow_paid_broadcast=True)
    stats = await tg.stats()
    assert stats["sent_per_second_max"] >= 12


async def test_sending_again_after_retry_after(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    await tg.config(rate_limits=True, per_chat_rate=5)
    for _ in range(3):
        await botapi.ok("sendMessage", chat_id=user["id"], text="x")
    status, body = await botapi("sendMessage", chat_id=user["id"], text="x")
    retry = _is_429(status, body)
    time_to_wait = min(retry, 0.3)  # 5/s refills a token in 0.2 s; retry_after rounds up to 1 s
    await asyncio.sleep(time_to_wait)
    await botapi.ok("sendMessage", chat_id=user["id"], text="x")


async def test_group_limit_per_minute(botapi: RawBotApi, tg: EmulatorClient) -> None:
    member = await tg.create_user("Mila")
    group = await tg.create_group("Designers in Tbilisi", [member["id"]], bot_is_admin=True)
    await tg.config(rate_limits=True, group_rate_per_min=3)
    for i in range(3):
        await botapi.ok("sendMessage", chat_id=group["id"], text=f"announcement {i}")
    status, body = await botapi("sendMessage", chat_id=group["id"], text="one more")
    assert _is_429(status, body) > 50


async def test_sent_per_second_max_without_limits(botapi: RawBotApi, tg: EmulatorClient) -> None:
    users = [await tg.create_user(f"U{i}") for i in range(20)]
    for u in users:
        await botapi.ok("sendMessage", chat_id=u["id"], text="x")
    assert (await tg.stats())["sent_per_second_max"] == 20


async def test_latency(botapi: RawBotApi, tg: EmulatorClient) -> None:
    await tg.config(latency_ms=150)
    started = time.monotonic()
    await botapi.ok("getMe")
    assert time.monotonic() - started >= 0.15


async def test_latency_is_a_round_trip_each_call_waits_on_its_own(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    assert (await tg.config(latency_ms=400))["latency_ms"] == 400

    async def timed(method: str, **params: Any) -> float:
        started = time.monotonic()
        await botapi.ok(method, **params)
        return time.monotonic() - started

    calls = [timed("getMe") for _ in range(5)]
    calls += [timed("sendMessage", chat_id=user["id"], text=f"m{i}") for i in range(5)]
    started = time.monotonic()
    each = await asyncio.gather(*calls)
    overall = time.monotonic() - started
    assert min(each) >= 0.39  # every Bot API call waited
    assert overall < 2.0  # ten calls one after the other would take 4 s: they overlapped
    assert len(await tg.chat(user["id"])) == 5

    # Control calls do not wait, even while Bot API calls are in flight.
    await tg.config(latency_ms=3000)
    slow = asyncio.create_task(timed("getMe"))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await tg.stats()
    await tg.create_user("Quick")
    assert time.monotonic() - started < 1.5
    assert not slow.done()
    assert await slow >= 2.9
    # A refused token takes the round trip too.
    await tg.config(latency_ms=300)
    started = time.monotonic()
    async with botapi.session.post(botapi.url("getMe", token="123456:WRONG")) as resp:
        assert resp.status == 401
    assert time.monotonic() - started >= 0.29


async def test_blocked_user_gets_403_and_the_bot_is_told(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="hello")
    await tg.block(user["id"])
    updates = await botapi.ok("getUpdates")
    change = updates[-1]["my_chat_member"]
    assert change["chat"]["id"] == user["id"]
    assert change["from"]["id"] == user["id"]
    assert change["old_chat_member"] == {
        "status": "member",
        "user": {"id": 123456, "is_bot": True, "first_name": "Prichal", "username": "prichal_bot"},
    }
    assert change["new_chat_member"]["status"] == "kicked"
    assert change["new_chat_member"]["until_date"] == 0
    forbidden = (403, "Forbidden: bot was blocked by the user")
    for method, params in [
        ("sendMessage", {"text": "still there?"}),
        ("sendChatAction", {"action": "typing"}),
        ("editMessageText", {"message_id": sent["message_id"], "text": "edited"}),
        ("copyMessage", {"from_chat_id": user["id"], "message_id": sent["message_id"]}),
    ]:
        status, body = await botapi(method, chat_id=user["id"], **params)
        assert (status, body["description"]) == forbidden, method
    assert (await tg.stats())["errors"]["403"] == 4

    await tg.unblock(user["id"])
    updates = await botapi.ok("getUpdates", offset=updates[-1]["update_id"] + 1)
    assert updates[0]["my_chat_member"]["new_chat_member"]["status"] == "member"
    await botapi.ok("sendMessage", chat_id=user["id"], text="welcome back")


async def test_writing_to_the_bot_unblocks_it(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    await tg.block(user["id"])
    await tg.send_text(user["id"], "/start")
    kinds = [next(k for k in u if k != "update_id") for u in await botapi.ok("getUpdates")]
    assert kinds == ["my_chat_member", "my_chat_member", "message"]
    await botapi.ok("sendMessage", chat_id=user["id"], text="hi again")
