"""The staff app's HTTP side: its page and static files, and its JSON API under ``/api/``.

Contract (for checks from outside): every ``/api/`` request carries
``Authorization: tma <initData>``; ``GET /api/me`` answers
``{"user_id": ..., "roles": [{"role": ..., "countries": [...]}]}``; a missing, forged or expired
``initData`` is 401, a member who is not staff (or lacks the endpoint's role, or is banned) 403.

Each endpoint names the role it needs in :data:`ENDPOINTS`, checked on the server for every
request, and every refusal is audited (``staffapp.<endpoint>``) as the chat's role gate does.
Scopes (which countries) are checked again by the same services the chat calls, which audit
their own refusals. Each request is one unit of work: committed when it answers, refusals
included; rolled back when a value was refused before anything was decided.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from aiogram import Bot
from aiogram.types import User
from aiogram_i18n import I18nContext
from aiohttp import web
from fluent.syntax import FluentParser, ast
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit, load_member
from bot.config import Settings
from bot.db.context import current_session
from bot.db.models import AuditOutcome, Member, MemberStatus, ReviewKind, Role, TaxonomyKind
from bot.db.uow import unit_of_work
from bot.errors import DomainError
from bot.features.faq import editing
from bot.features.faq.topics import COUNTRY_TOPICS, GLOBAL_TOPICS
from bot.features.faq.validation import FieldError
from bot.features.moderation import service as moderation
from bot.features.moderation.router import flag_label, notify_author
from bot.features.moderation.service import REASON_MAX_LENGTH, ModerationError
from bot.features.staffapp import service
from bot.features.staffapp.auth import AuthError, init_data_from_header, verify_init_data
from bot.i18n import Markup, MemberLocaleManager, member_locale
from bot.paths import project_dir
from bot.plugins import Plugins
from bot.reviewing import ReviewHandler, editable
from bot.services import Services
from bot.taxonomy import label

log = logging.getLogger(__name__)

#: Where the app lives on the bot's HTTP server (the webhook server and the polling one).
APP_PATH = "/app"
#: A JSON body bigger than this is refused unread (the longest field is a knowledge-base
#: answer, a few thousand characters).
MAX_BODY = 64 * 1024
STAFF = None  # any staff role: moderator, organiser or admin

_SERVICES: web.AppKey[Services] = web.AppKey("services", Services)
_BOT: web.AppKey[Bot] = web.AppKey("bot", Bot)
# The review handlers of the registry the composition root handed down (built once per app).
_HANDLERS: web.AppKey[dict[ReviewKind, ReviewHandler]] = web.AppKey("review_handlers")
_NUMBERS: web.AppKey[service.NumbersCache] = web.AppKey("numbers", service.NumbersCache)


class ApiError(Exception):
    """A request refused with ``status``; ``key`` is the catalog message shown to the person.

    ``keep`` commits what the refusal wrote (an audit entry); otherwise nothing is kept."""

    def __init__(self, status: int, key: str, *, keep: bool = True, **values: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.keep = keep
        self.values = values


@dataclass
class Call:
    """One authenticated request: who asks, in which language, on which session."""

    request: web.Request
    session: AsyncSession
    access: Access
    member: Member | None
    locale: str
    services: Services
    bot: Bot
    # The moderation queue's review handlers, from the Plugins registry (one per kind).
    handlers: dict[ReviewKind, ReviewHandler]

    def t(self, key: str, **values: Any) -> str:
        """A catalog text as plain text: the catalogs speak Telegram HTML (values escaped),
        the page shows text (``textContent``), so tags go and entities are decoded."""
        return plain(str(self.services.i18n.get(key, self.locale, **values)))

    def i18n(self) -> I18nContext:
        settings = self.services.settings
        return I18nContext(
            locale=self.locale,
            core=self.services.i18n,
            manager=MemberLocaleManager(default_locale=settings.default_locale),
            data={},
        )

    async def body(self) -> dict[str, Any]:
        if self.request.content_length is not None and self.request.content_length > MAX_BODY:
            raise ApiError(413, "app-error-too-big", keep=False)
        raw = await self.request.content.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            raise ApiError(413, "app-error-too-big", keep=False)
        try:
            data = json.loads(raw or b"{}")
        except (ValueError, RecursionError):
            raise ApiError(400, "app-error-bad-request", keep=False) from None
        if not isinstance(data, dict):
            raise ApiError(400, "app-error-bad-request", keep=False)
        return data

    def int_param(self, name: str, *, default: int | None = None, limit: int = 10**12) -> int:
        raw = self.request.match_info.get(name) or self.request.query.get(name)
        if raw is None and default is not None:
            return default
        if raw is None or not raw.isdigit() or len(raw) > 13 or int(raw) > limit:
            raise ApiError(400, "app-error-bad-request", keep=False)
        return int(raw)


_TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """Telegram HTML as the text it shows."""
    return html.unescape(_TAG.sub("", text))


Endpoint = Callable[[Call], Awaitable[Any]]


@dataclass(frozen=True)
class Route:
    """One endpoint: method, path under ``/api``, the role it needs (``None``: any staff)."""

    method: str
    path: str
    name: str
    role: Role | None
    endpoint: Endpoint


# ---- endpoints ---------------------------------------------------------------------------


async def me(call: Call) -> dict[str, Any]:
    return {
        "user_id": call.access.user_id,
        "roles": service.roles_of(call.access),
        "locale": call.locale,
    }


@cache
def _app_keys() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The app's message ids (``app-*`` in ``locales/en/staffapp.ftl``) and their variables."""
    source = (project_dir("locales") / "en" / "staffapp.ftl").read_text(encoding="utf-8")
    keys = []
    for entry in FluentParser(with_spans=False).parse(source).body:
        if isinstance(entry, ast.Message) and entry.id.name.startswith("app-"):
            names: list[str] = []
            for element in entry.value.elements if entry.value else ():
                if isinstance(element, ast.Placeable) and isinstance(
                    element.expression, ast.VariableReference
                ):
                    names.append(element.expression.id.name)
            keys.append((entry.id.name, tuple(names)))
    return tuple(keys)


async def strings(call: Call) -> dict[str, Any]:
    """The app's texts in the caller's language, from the same Fluent catalogs as the chat;
    a variable comes out as ``{name}``, which the page fills in."""
    topics = dict.fromkeys((*COUNTRY_TOPICS, *GLOBAL_TOPICS))
    texts = {
        key: plain(
            call.services.i18n.get(key, call.locale, **{n: Markup("{" + n + "}") for n in names})
        )
        for key, names in _app_keys()
    }
    return {
        "locale": call.locale,
        "strings": texts,
        "kinds": {str(kind): call.t(f"mod-kind-{kind}") for kind in call.handlers},
        "topics": {t: label(call.t, TaxonomyKind.FAQ_TOPIC, t) for t in topics},
    }


async def queue(call: Call) -> dict[str, Any]:
    query = call.request.query
    kind_raw = query.get("kind") or None
    country = (query.get("country") or "").upper() or None
    try:
        kind = ReviewKind(kind_raw) if kind_raw else None
    except ValueError:
        raise ApiError(400, "app-error-bad-request", keep=False) from None
    if country is not None and not (
        len(country) in (1, 2) and (country.isalpha() or country == "*")
    ):
        raise ApiError(400, "app-error-bad-request", keep=False)
    offset = call.int_param("offset", default=0, limit=10**7)
    page = await service.queue_page(
        call.session,
        call.access,
        call.handlers,
        call.locale,
        service.QueueFilter(kind, country),
        offset=offset,
    )
    _label_flags(call, page["items"])
    return page


def _label_flags(call: Call, items: list[dict[str, Any]]) -> None:
    """Flags in the moderator's words (the chat queue's labels), never ``scam:deposit``."""
    i18n = call.i18n()
    for item in items:
        # The catalog gives Telegram HTML; the page shows text.
        item["flags"] = [plain(flag_label(i18n, flag)) for flag in item["flags"]]


async def _item(call: Call, action: str) -> tuple[Any, ReviewHandler]:
    item = await moderation.item_for(
        call.session, call.access, call.int_param("item"), action=action
    )
    handler = call.handlers.get(ReviewKind(item.kind))
    if handler is None:
        raise ModerationError("mod-kind-unavailable")
    return item, handler


async def queue_item(call: Call) -> dict[str, Any]:
    """One item with its card, as the moderator opens it (scope-checked and audited)."""
    item, handler = await _item(call, "review.view")
    view = await service.item_view(call.session, call.access, item, handler, call.locale)
    _label_flags(call, [view])
    return view


async def item_fields(call: Call) -> dict[str, Any]:
    item, handler = await _item(call, "review.edit")
    fields = await service.editable_fields(call.session, handler, item.target_id)
    for field in fields:
        field["label"] = call.t(field.pop("label_key"))
    return {"id": item.id, "fields": fields}


async def approve(call: Call) -> dict[str, Any]:
    """Approve, after the moderator's corrections (``{"edits": {field: value}}``) if any:
    each edit goes through the listing's own handler and is audited, as in the chat."""
    body = await call.body()
    edits = body.get("edits") or {}
    if not isinstance(edits, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in edits.items()
    ):
        raise ApiError(400, "app-error-bad-request", keep=False)
    item, handler = await _item(call, "review.approve")
    if edits:
        if item.status not in moderation.QUEUED:
            raise ModerationError(moderation.already_decided_key(item, call.access))
        editor = editable(handler)
        known = (
            {f.name: f for f in await editor.editable_fields(call.session, item.target_id)}
            if editor
            else {}
        )
        for name, raw in edits.items():
            field = known.get(name)
            if editor is None or field is None:
                raise ApiError(400, "mod-nothing-to-edit", keep=False)
            value = raw.strip()
            if value == field.current:
                continue
            if len(value) > field.max_length:
                raise ApiError(
                    422, "mod-value-too-long", keep=False, limit=field.max_length, length=len(value)
                )
            problem = await editor.edit(
                call.session, item.target_id, name, value, call.access.user_id
            )
            if problem is not None:
                raise ApiError(422, problem, keep=False)
            await moderation.record_edit(call.session, call.access, item, name)
    decision = await moderation.decide(
        call.session, call.access, item.id, approve=True, reason=None, handler=handler
    )
    await _tell_author(call, decision, handler)
    title = await handler.title(call.session, item.target_id) or "—"
    return {
        "id": item.id,
        "status": str(decision.item.status),
        "message": call.t("mod-approved", title=title),
    }


async def reject(call: Call) -> dict[str, Any]:
    body = await call.body()
    reason = body.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ApiError(422, "mod-reason-required", keep=False)
    if len(reason.strip()) > REASON_MAX_LENGTH:
        raise ApiError(
            422,
            "mod-reason-too-long",
            keep=False,
            limit=REASON_MAX_LENGTH,
            length=len(reason.strip()),
        )
    item, handler = await _item(call, "review.reject")
    decision = await moderation.decide(
        call.session, call.access, item.id, approve=False, reason=reason, handler=handler
    )
    await _tell_author(call, decision, handler)
    title = await handler.title(call.session, item.target_id) or "—"
    return {
        "id": item.id,
        "status": str(decision.item.status),
        "message": call.t("mod-rejected", title=title),
    }


async def _tell_author(call: Call, decision: moderation.Decision, handler: ReviewHandler) -> None:
    # The chat's own notice (in the author's language, with the appeal button): one code path.
    await notify_author(
        call.bot, call.session, call.i18n(), call.services.settings, decision, handler
    )


async def kb_due(call: Call) -> dict[str, Any]:
    return await service.due_entries(
        call.session, call.access, offset=call.int_param("offset", default=0, limit=10**7)
    )


async def kb_cell(call: Call) -> dict[str, Any]:
    country = (call.request.query.get("country") or "").upper()
    topic = call.request.query.get("topic") or None
    if not (country == "*" or (len(country) == 2 and country.isalpha())):
        raise ApiError(400, "app-error-bad-request", keep=False)
    if topic is not None and (len(topic) > 32 or not topic.replace("-", "").isalnum()):
        raise ApiError(400, "app-error-bad-request", keep=False)
    return await service.cell_entries(call.session, call.access, country, topic)


async def kb_entry(call: Call) -> dict[str, Any]:
    return await service.entry_review(
        call.session, call.access, call.int_param("entry"), call.locale
    )


def _field_and_value(body: dict[str, Any]) -> tuple[str, str]:
    field, value = body.get("field"), body.get("value")
    if not isinstance(field, str) or field not in service.APP_TEXT_FIELDS:
        raise ApiError(400, "app-error-bad-request", keep=False)
    if not isinstance(value, str):
        raise ApiError(400, "app-error-bad-request", keep=False)
    return field, value


async def kb_diff(call: Call) -> dict[str, Any]:
    field, value = _field_and_value(await call.body())
    lines = await service.entry_diff(
        call.session, call.access, call.int_param("entry"), field, value
    )
    return {"field": field, "diff": lines, "changed": any(line["op"] != "=" for line in lines)}


async def kb_edit(call: Call) -> dict[str, Any]:
    field, value = _field_and_value(await call.body())
    entry_id = call.int_param("entry")
    try:
        await editing.edit_field(call.session, call.access, entry_id, field, value)
    except FieldError as error:
        details = {k: v for k, v in error.details.items() if k in ("limit", "lang")}
        key = f"faq-edit-error-{error.code}"
        try:
            text = call.t(key, **details)
        except Exception:  # a code without its own message: the general one
            text = call.t("faq-edit-error-invalid")
        raise ApiError(422, "app-error-invalid", keep=False, text=text) from None
    return await service.entry_review(call.session, call.access, entry_id, call.locale)


async def kb_verify(call: Call) -> dict[str, Any]:
    entry = await editing.mark_verified(call.session, call.access, call.int_param("entry"))
    review = await service.entry_review(call.session, call.access, entry.id, call.locale)
    review["message"] = call.t("app-kb-confirmed")
    return review


async def kb_heatmap(call: Call) -> dict[str, Any]:
    return await service.heatmap(call.session, call.access)


async def stats(call: Call) -> dict[str, Any]:
    numbers = await call.request.app[_NUMBERS].get(call.session, call.access)
    for row in numbers["members_by_profession"]:
        row["label"] = label(call.t, TaxonomyKind.PROFESSION, row["label"])
    for row in numbers["questions_per_topic"]:
        row["label"] = label(call.t, TaxonomyKind.FAQ_TOPIC, row["topic"])
    return numbers


ROUTES: tuple[Route, ...] = (
    Route("GET", "/me", "me", STAFF, me),
    Route("GET", "/strings", "strings", STAFF, strings),
    Route("GET", "/queue", "queue", Role.MODERATOR, queue),
    Route("GET", "/queue/{item}", "queue_item", Role.MODERATOR, queue_item),
    Route("GET", "/queue/{item}/fields", "queue_fields", Role.MODERATOR, item_fields),
    Route("POST", "/queue/{item}/approve", "queue_approve", Role.MODERATOR, approve),
    Route("POST", "/queue/{item}/reject", "queue_reject", Role.MODERATOR, reject),
    Route("GET", "/kb/due", "kb_due", Role.MODERATOR, kb_due),
    Route("GET", "/kb/heatmap", "kb_heatmap", Role.MODERATOR, kb_heatmap),
    Route("GET", "/kb/entries", "kb_cell", Role.MODERATOR, kb_cell),
    Route("GET", "/kb/entries/{entry}", "kb_entry", Role.MODERATOR, kb_entry),
    Route("POST", "/kb/entries/{entry}/diff", "kb_diff", Role.MODERATOR, kb_diff),
    Route("POST", "/kb/entries/{entry}/edit", "kb_edit", Role.MODERATOR, kb_edit),
    Route("POST", "/kb/entries/{entry}/verify", "kb_verify", Role.MODERATOR, kb_verify),
    Route("GET", "/stats", "stats", Role.ORGANISER, stats),
)


# ---- the gate ----------------------------------------------------------------------------


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


def _allowed(access: Access, role: Role | None) -> bool:
    return service.is_staff(access) if role is None else access.has(role)


def _gated(route: Route) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        services = request.app[_SERVICES]
        settings = services.settings
        try:
            raw = init_data_from_header(request.headers.get("Authorization"))
            user = verify_init_data(raw, settings.token(), max_age=settings.app_max_age)
        except AuthError as error:
            log.info("staff app: %s initData refused (401)", error.reason)
            locale = settings.default_locale
            text = plain(services.i18n.get("app-error-unauthorized", locale))
            return _error(401, error.reason, text)
        try:
            async with unit_of_work(services.sessions) as session:
                # As in an update: what the request wrote commits before the bot speaks (the
                # author's notice of a decision), by bot.middlewares.database.CommitBeforeSpeaking.
                token = current_session.set(session)
                try:
                    member, access = await load_member(session, user.user_id, settings.admin_ids)
                    sender = _telegram_user(user.language_code)
                    locale = member_locale(member, sender, settings.default_locale)
                    call = Call(
                        request,
                        session,
                        access,
                        member,
                        locale,
                        services,
                        request.app[_BOT],
                        request.app[_HANDLERS],
                    )
                    banned = member is not None and member.status == MemberStatus.BANNED
                    if banned or not _allowed(access, route.role):
                        await audit(
                            session,
                            actor_id=user.user_id,
                            action=f"staffapp.{route.name}",
                            outcome=AuditOutcome.DENIED,
                            details={"required": str(route.role or "staff")}
                            | ({"why": "banned"} if banned else {}),
                        )
                        key = "banned-notice" if banned else "app-error-forbidden"
                        return _error(403, "forbidden", call.t(key))
                    try:
                        result = await route.endpoint(call)
                    except ApiError as problem:
                        if not problem.keep:
                            await session.rollback()
                        text = problem.values.pop("text", None) or call.t(
                            problem.key, **problem.values
                        )
                        return _error(problem.status, problem.key, text)
                    except DomainError as problem:
                        # The services audited their own refusals (scope): kept, like the chat's.
                        status = 403 if "scope" in problem.key else 409
                        if problem.key.endswith("gone"):
                            status = 404
                        return _error(status, problem.key, call.t(problem.key, **problem.values))
                finally:
                    current_session.reset(token)
        except Exception as error:  # rolled back by the unit of work; never a trace to a person
            log.error("staff app %s failed: %s", route.name, type(error).__name__, exc_info=error)
            locale = member_locale(
                None, _telegram_user(user.language_code), settings.default_locale
            )
            return _error(500, "error", plain(services.i18n.get("error-generic", locale)))
        return web.json_response(result)

    handle.__name__ = route.name
    return handle


def _telegram_user(language_code: str | None) -> User:
    """Just the language a Telegram client reported: what picks the locale of someone who
    has not chosen one (no name or id is kept)."""
    return User(id=0, is_bot=False, first_name="", language_code=language_code)


# ---- the page ----------------------------------------------------------------------------


def static_dir() -> Any:
    return resources.files("bot.features.staffapp") / "static"


async def _index(request: web.Request) -> web.Response:
    # No initData here: the page reads it from its URL fragment, which never reaches a server.
    page = (static_dir() / "index.html").read_text(encoding="utf-8")
    return web.Response(
        text=page,
        content_type="text/html",
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": (
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                "script-src 'self'; connect-src 'self'; frame-ancestors *"
            ),
            "Referrer-Policy": "no-referrer",
        },
    )


async def _not_found(request: web.Request) -> web.Response:
    return _error(404, "not-found", "not found")


def create_app(
    services: Services, bot: Bot, plugins: Plugins, *, stats_seconds: float | None = None
) -> web.Application:
    """The app as an aiohttp sub-application, to mount at :data:`APP_PATH`; its numbers are
    kept ``PRICHAL_APP_STATS_SECONDS`` (or ``stats_seconds``) before they are counted again.

    ``plugins`` is the registry the composition root built (the one its Dispatcher has): the
    queue shows and decides the kinds of listing its features registered."""
    app = web.Application(client_max_size=MAX_BODY)
    app[_SERVICES] = services
    app[_BOT] = bot
    app[_HANDLERS] = plugins.review_handlers
    seconds = services.settings.app_stats_seconds if stats_seconds is None else stats_seconds
    app[_NUMBERS] = service.NumbersCache(seconds)
    app.router.add_get("/", _index)
    app.router.add_static("/static/", path=str(static_dir()), show_index=False)
    for route in ROUTES:
        app.router.add_route(route.method, f"/api{route.path}", _gated(route))
    app.router.add_route("*", "/api/{tail:.*}", _not_found)
    return app


def mount(
    root: web.Application,
    services: Services,
    bot: Bot,
    plugins: Plugins,
    *,
    path: str = APP_PATH,
    stats_seconds: float | None = None,
) -> None:
    """Add the app under ``path`` (:data:`APP_PATH`) to the bot's HTTP server."""
    root.add_subapp(path, create_app(services, bot, plugins, stats_seconds=stats_seconds))


async def serve(
    settings: Settings, services: Services, bot: Bot, plugins: Plugins
) -> web.AppRunner:
    """The small HTTP server beside long polling (``PRICHAL_APP_HOST``/``PRICHAL_APP_PORT``)."""
    root = web.Application()
    mount(root, services, bot, plugins)
    runner = web.AppRunner(root, access_log=None, handle_signals=False)
    await runner.setup()
    assert settings.app_port is not None
    site = web.TCPSite(runner, settings.app_host, settings.app_port)
    await site.start()
    log.info("staff app on %s:%s%s", settings.app_host, settings.app_port, APP_PATH)
    return runner
