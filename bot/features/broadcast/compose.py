"""The organiser's compose wizard: the announcement → an optional link button → who receives it
→ the preview and the exact count → submit (or, for admins, send now).

It runs on the UI kit's step engine (:mod:`bot.ui.steps`); what it adds:

- **the content step takes a message**, not only text: formatted text, or a photo or a document
  with a caption. The engine's reader sees only text, so :func:`typed_content` (registered
  before the engine's handlers, see ``router.py``) reads that step and hands the answer back to
  the engine;
- **the buttons keep their packing** ``bcw:<action>:<value>`` from before the engine (messages
  already sent still work): :class:`~bot.features.broadcast.keyboards.ComposeCb` unpacks an
  action as the step it belongs to, and that step's ``choose`` gets ``"<action>:<value>"``;
- **the confirm step is the preview**: showing it first sends the copy exactly as recipients
  get it (header, formatting, media, buttons), then the count and the buttons below it.

The draft lives in the FSM data under ``broadcast`` (before the engine its keys were top-level:
a wizard open during that deploy starts again at worst).
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, MessageEntity
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import (
    ALL_COUNTRIES,
    BroadcastStatus,
    Event,
    MediaKind,
    Member,
    Role,
    TaxonomyKind,
)
from bot.features.broadcast import keyboards as kb
from bot.features.broadcast import service
from bot.features.broadcast.delivery import send_copy
from bot.features.broadcast.header import headed, header_for, signature
from bot.features.broadcast.keyboards import ComposeCb
from bot.features.broadcast.render import count_text, segment_text
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import BroadcastError, Content
from bot.features.broadcast.states import Compose as ComposeStates
from bot.features.common.keyboards import main_menu
from bot.features.events import service as events
from bot.geo import MAIN_HOST_COUNTRIES, cities_of, country_name
from bot.taxonomy import active_slugs, label
from bot.ui import steps
from bot.ui.keyboards import InlineKeyboardBuilder, toggled
from bot.ui.screens import Target, edit_or_answer
from bot.ui.steps import Draft, StepContext, StepEngine, Steps, StepView, Turn

LANGUAGES = ("ru", "en")
CURRENT_MAX = 60  # of the announcement, shown beside "Keep this"
SEND_NOW = "send_now"  # the draft's mark: an admin's "Send now", not "Submit for review"


def _access(ctx: StepContext) -> Access:
    assert ctx.access is not None  # the organisers' routers always have one
    return ctx.access


def _list(draft: Draft, key: str) -> list[str]:
    value = draft.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []


def _content(draft: Draft) -> Content | None:
    if "text" not in draft:
        return None
    media = draft.get("media_kind")
    return Content(
        text=str(draft["text"]),
        entities=tuple(draft.get("entities") or ()),
        media_kind=MediaKind(str(media)) if media else None,
        media_file_id=str(draft["media_file_id"]) if draft.get("media_file_id") else None,
        button_text=str(draft["button_text"]) if draft.get("button_text") else None,
        button_url=str(draft["button_url"]) if draft.get("button_url") else None,
    )


def _checked(content: Content | None) -> Content:
    """The draft's content, valid as it stands (a refusal names the text limit it broke)."""
    if content is None:
        raise BroadcastError("stale-button")
    try:
        service.check_content(content)
    except BroadcastError as problem:
        raise BroadcastError(problem.key, limit=service.text_limit(content)) from problem
    return content


def _segment(ctx: StepContext, draft: Draft) -> Segment:
    """The chosen segment; with nothing narrowed, the organiser's own community (ticked as
    chosen the first time the audience is shown)."""
    access = _access(ctx)
    if "countries" not in draft:
        draft["countries"] = list(service.default_audience(access, Segment()).countries)
    # The catalogs' default locale is the settings' one (bot.factory builds the core with it).
    chosen = Segment.from_data(draft, ctx.i18n.core.default_locale or "en")
    return service.default_audience(access, chosen)


async def _event_title(session: AsyncSession, event_id: int | None) -> str | None:
    if event_id is None:
        return None
    event = await session.get(Event, event_id)
    return event.title if event is not None else None


async def _audience(ctx: StepContext, draft: Draft) -> tuple[Segment, str, str]:
    """The segment, its lines and its recipient count as the organiser may see it."""
    segment = _segment(ctx, draft)
    count = await service.count_recipients(ctx.session, _access(ctx), segment)
    title = await _event_title(ctx.session, segment.event_id)
    lines = segment_text(ctx.get, ctx.i18n.locale, segment, title)
    shown = count_text(ctx.get, count, exact=service.exact_count_for(_access(ctx), count))
    return segment, lines, shown


# ---- drawing the steps ----------------------------------------------------------------------


def _content_now(ctx: StepContext, draft: Draft) -> str:
    """The announcement given earlier, in short (for "Keep this")."""
    content = _content(draft)
    if content is None:
        return ""
    first = (content.text.strip().splitlines() or [""])[0][:CURRENT_MAX]
    if content.media_kind is None:
        return first
    media = ctx.get("bc-current-media", kind=str(content.media_kind))
    return f"{media} {first}".strip()


async def _render(step: State, ctx: StepContext, draft: Draft) -> StepView:
    if step == ComposeStates.content:
        return StepView(ctx.get("bc-ask-content"), current=_content_now(ctx, draft))
    if step == ComposeStates.button:
        builder = InlineKeyboardBuilder()
        builder.button(text=ctx.get("bc-skip"), callback_data=ComposeCb(step="skip"))
        given = draft.get("button_text") and f"{draft['button_text']} | {draft['button_url']}"
        return StepView(ctx.get("bc-ask-button"), builder, current=given or "")
    segment, lines, shown = await _audience(ctx, draft)
    if step == ComposeStates.segment:
        dimensions = ["countries"]
        if len(segment.countries) == 1 and cities_of(segment.countries[0]):
            dimensions.append("cities")
        dimensions += ["professions", "interests", "languages", "event"]
        text = ctx.get("bc-segment", segment=lines, count=shown)
        return StepView(text, kb.segment_builder(ctx.get, dimensions))
    builder = kb.confirm_builder(
        ctx.get, can_send_now=_access(ctx).is_admin, signed=bool(draft.get("signed"))
    )
    text = ctx.get("bc-confirm", segment=lines, count=shown)
    return StepView(text, builder, navigation=False)  # its own Change recipients and Cancel


async def _options(ctx: StepContext, dimension: str, draft: Draft) -> list[tuple[str, str]]:
    """The values offered for a dimension (a forged value outside them is refused)."""
    t, locale, access = ctx.get, ctx.i18n.locale, _access(ctx)
    if dimension == "countries":
        if access.can_organise(ALL_COUNTRIES):
            return [(code, country_name(code, locale)) for code in MAIN_HOST_COUNTRIES]
        return [(code, country_name(code, locale)) for code in sorted(access.organiser_scopes)]
    if dimension == "cities":
        countries = _list(draft, "countries")
        if len(countries) != 1:
            return []
        return [(city.slug, city.name(locale)) for city in cities_of(countries[0])]
    if dimension in ("professions", "interests"):
        kind = TaxonomyKind.PROFESSION if dimension == "professions" else TaxonomyKind.INTEREST
        return [(slug, label(t, kind, slug)) for slug in await active_slugs(ctx.session, kind)]
    if dimension == "languages":
        return [(code, t(f"bc-lang-{code}")) for code in LANGUAGES]
    organised = await events.organised_by(ctx.session, access)
    return [(str(event.id), event.title[:40]) for event in organised]


def _chosen(dimension: str, draft: Draft) -> list[str]:
    if dimension == "event":
        return [str(draft["event"])] if draft.get("event") else []
    if dimension == "cities":
        countries = _list(draft, "countries")
        names = set(_list(draft, "cities"))
        return [
            c.slug for c in cities_of(countries[0] if countries else None) if c.name_en in names
        ]
    return _list(draft, dimension)


async def _choices(ctx: StepContext, dimension: str, draft: Draft) -> Turn:
    """A dimension's toggles, in place of the segment step (which stays open)."""
    _segment(ctx, draft)
    options = await _options(ctx, dimension, draft)
    text = ctx.get(f"bc-choose-{dimension}" if options else "bc-choose-nothing")
    markup = kb.choices_keyboard(ctx.get, dimension, options, _chosen(dimension, draft))
    return steps.screen(text, markup)


# ---- answers --------------------------------------------------------------------------------


def _entities(items: list[MessageEntity] | None) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", exclude_none=True) for item in items or []]


def _read_content(message: Message) -> Draft:
    """The announcement: text, or a photo / document with a caption; formatting kept."""
    media: tuple[MediaKind, str] | None = None
    if message.photo:
        media = MediaKind.PHOTO, message.photo[-1].file_id
    elif message.document is not None:
        media = MediaKind.DOCUMENT, message.document.file_id
    elif not message.text:
        raise BroadcastError("bc-content-kinds")
    if media is None:
        text, entities = message.text or "", message.entities
    else:
        text, entities = message.caption or "", message.caption_entities
    content = service.clean_content(
        Content(
            text=text,
            entities=tuple(_entities(entities)),
            media_kind=media[0] if media else None,
            media_file_id=media[1] if media else None,
        )
    )
    _checked(content)
    return {
        "text": content.text,
        "entities": list(content.entities),
        "media_kind": str(media[0]) if media else None,
        "media_file_id": media[1] if media else None,
    }


async def _read(step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
    if step != ComposeStates.button:
        raise BroadcastError("wizard-use-buttons")
    draft["button_text"], draft["button_url"] = service.parse_button(text)
    return steps.advance()


async def _toggle(ctx: StepContext, draft: Draft, dimension: str, item: str) -> None:
    if dimension == "event":
        chosen_event = None if str(draft.get("event")) == item else int(item)
        draft["event"] = chosen_event
        default = service.default_audience(_access(ctx), Segment()).countries
        if chosen_event is not None and tuple(sorted(_list(draft, "countries"))) == default:
            # The event is the audience (its attendees wherever they live), unless the
            # organiser narrowed the countries themselves.
            draft["countries"] = []
        return
    if dimension == "cities":
        countries = _list(draft, "countries")
        city = next((c for c in cities_of(countries[0]) if c.slug == item), None)
        if city is None:
            return
        item = city.name_en
    draft[dimension] = toggled(_list(draft, dimension), item)
    if dimension == "countries":
        draft["cities"] = []  # cities belong to one chosen country


async def _choose(step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
    """A button, as ``"<action>:<value>"`` (see :class:`ComposeCb`)."""
    action, _, item = value.partition(":")
    if step == ComposeStates.button and action == "skip":
        draft["button_text"] = draft["button_url"] = None
        return steps.advance()
    if step == ComposeStates.confirm and action == "sign":
        # Signing is off unless the author turns it on; the preview shows it either way.
        draft["signed"] = not draft.get("signed")
        return steps.again()
    if step == ComposeStates.confirm and action == "now":
        draft[SEND_NOW] = True  # the service sends directly only for an admin
        return steps.advance()
    if step != ComposeStates.segment:
        raise BroadcastError("stale-button")
    if action == "seg":
        return steps.again()
    if action == "dim" and item in kb.DIMENSION_KEYS:
        return await _choices(ctx, item, draft)
    if action == "preview":
        _checked(_content(draft))
        await service.check_segment(ctx.session, _access(ctx), _segment(ctx, draft))
        return steps.advance()
    parsed = kb.parse_toggle(item) if action in ("tog", "ev") else None
    if parsed is None:
        raise BroadcastError("stale-button")
    dimension, choice = parsed
    if choice not in {v for v, _ in await _options(ctx, dimension, draft)}:
        raise BroadcastError("stale-button")
    await _toggle(ctx, draft, dimension, choice)
    return await _choices(ctx, dimension, draft)


async def _submit(target: Target, ctx: StepContext, draft: Draft, note: str | None) -> None:
    """Submit for review (or an admin's "Send now"): the service checks it all again."""
    assert isinstance(target, CallbackQuery)
    now = bool(draft.pop(SEND_NOW, False))
    await COMPOSE.save(ctx.state, draft)  # a refused "Send now" is not remembered for Submit
    content = _checked(_content(draft))
    signed_as = signature(target.from_user.full_name) if draft.get("signed") else None
    try:
        broadcast = await service.create_broadcast(
            ctx.session,
            _access(ctx),
            content,
            _segment(ctx, draft),
            send_now=now,
            signed_as=signed_as,
        )
    except BroadcastError as problem:
        raise BroadcastError(problem.key, limit=service.text_limit(content)) from problem
    await ctx.state.clear()
    key = "bc-sending-now" if broadcast.status == BroadcastStatus.APPROVED else "bc-submitted"
    markup = kb.progress_keyboard(
        ctx.get, broadcast.id, can_pause=False, can_resume=False, can_cancel=True
    )
    await edit_or_answer(target, ctx.get(key), markup)


def _cancelled(ctx: StepContext) -> tuple[str, InlineKeyboardMarkup | None]:
    return ctx.get("bc-wizard-cancelled"), main_menu(ctx.i18n)


class ComposeWizard(StepEngine):
    """The step engine, with the broadcast's preview before its confirm step."""

    async def show(
        self, step: State, target: Target, ctx: StepContext, *, prefix: str | None = None
    ) -> None:
        """The confirm step comes below a fresh copy of the announcement as members get it."""
        if step == ComposeStates.confirm:
            target = await self._send_preview(target, ctx)
        await super().show(step, target, ctx, prefix=prefix)

    async def _send_preview(self, target: Target, ctx: StepContext) -> Target:
        """Send the copy; the confirm screen then answers it (a new message below it)."""
        draft = await self.draft(ctx.state)
        content = _content(draft)
        if content is None:  # nothing written (a forged state): the screen alone
            return target
        if isinstance(target, CallbackQuery):
            await target.answer()
        assert target.bot is not None and target.from_user is not None
        segment = _segment(ctx, draft)
        event = await ctx.session.get(Event, segment.event_id) if segment.event_id else None
        signed = signature(target.from_user.full_name) if draft.get("signed") else None
        header = header_for(segment, event, team=_access(ctx).is_admin, name=signed)
        copy = headed(content, header.text(ctx.get, ctx.i18n.locale))
        markup = kb.recipient_keyboard(ctx.get, content.button_text, content.button_url)
        entities = [MessageEntity.model_validate(e) for e in copy.entities] or None
        return await send_copy(target.bot, target.from_user.id, copy, entities, markup)


COMPOSE = ComposeWizard(
    Steps(
        name="broadcast",
        states=ComposeStates,
        order=(
            ComposeStates.content,
            ComposeStates.button,
            ComposeStates.segment,
            ComposeStates.confirm,
        ),
        codes={
            "content": ComposeStates.content,
            "button": ComposeStates.button,
            "segment": ComposeStates.segment,
            "confirm": ComposeStates.confirm,
        },
        callback=ComposeCb,
        render=_render,
        read=_read,
        choose=_choose,
        finish=_submit,
        cancelled=_cancelled,
        # Organisers only; the audit log names the engine's handlers as it named the wizard's.
        gate=steps.Gate(
            Role.ORGANISER,
            "broadcast",
            pressed="broadcast.compose_button",
            typed="broadcast.typed_button",
            not_text="broadcast.compose_other",
        ),
    )
)


# ---- handlers beside the engine's -----------------------------------------------------------


async def new_broadcast(
    event: Message | CallbackQuery,
    member: Member | None,
    i18n: I18nContext,
    session: AsyncSession,
    state: FSMContext,
    access: Access,
) -> None:
    """Open the wizard (``/broadcast`` or the staff screen's button), for an onboarded member."""
    if member is None or not member.is_onboarded:
        text = i18n.get("not-started")
        if isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        else:
            await event.answer(text)
        return
    await COMPOSE.start(event, StepContext(i18n, session, member, state, access))


async def typed_content(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
    access: Access,
) -> None:
    """The content step's answer — a message, not only text (the engine reads text only)."""
    if member is None:
        await state.clear()
        await message.answer(i18n.get("not-started"))
        return
    ctx = StepContext(i18n, session, member, state, access)
    draft = await COMPOSE.draft(state)
    try:
        draft.update(_read_content(message))
    except BroadcastError as refusal:
        reason = i18n.get(refusal.key, **refusal.values)
        await COMPOSE.show(ComposeStates.content, message, ctx, prefix=reason)
        return
    await COMPOSE.apply(steps.advance(), ComposeStates.content, message, ctx, draft)
