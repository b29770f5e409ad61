"""The knowledge base (questions, answers, the editors' screens), as plugged into the bot."""

from __future__ import annotations

from bot.db.models import Role
from bot.features.common.staff import STAFF_TOOLS, StaffTool
from bot.features.faq.admin import EDITOR
from bot.features.faq.admin import create_router as editors
from bot.features.faq.jobs import send_review_digests
from bot.features.faq.keyboards import FaqModCb
from bot.features.faq.privacy import erase_faq, export_faq
from bot.features.faq.router import create_question_router, create_router
from bot.features.faq.service import FaqLibrary
from bot.features.faq.starter import STARTER_CONTENT
from bot.features.faq.transfer import FaqSection
from bot.plugins import DataSection, Feature, Job, RouterSet, TransferStep


def _routers() -> RouterSet:
    # One search index per Dispatcher, shared by the routers that search.
    library = FaqLibrary()
    return RouterSet(
        # The editor's steps after the editors' screens (see admin.create_router).
        [create_router(library), editors(), EDITOR.create_router()],
        # Free text becomes a question only when no wizard waits: after every wizard.
        late=[create_question_router(library)],
    )


FEATURE = Feature(
    "faq",
    routers=_routers,
    transfer=[TransferStep(FaqSection)],
    jobs=[Job("faq.review_digests", send_review_digests, interval=1800.0)],
    personal_data=[DataSection("knowledge_base", export_faq, erase_faq)],
    starter_content=STARTER_CONTENT,
    provides=[
        STAFF_TOOLS.provide(StaffTool(Role.MODERATOR, "staff-tool-faq", FaqModCb(action="home")))
    ],
)
