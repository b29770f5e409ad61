"""Every model, imported so that ``Base.metadata`` is complete (migrations compare against it)."""

from bot.db.models.audit import AuditEntry, AuditOutcome
from bot.db.models.directory import Group, GroupKind, GroupStatus, LinkCheck
from bot.db.models.faq import (
    GLOBAL_ENTRY,
    FaqEntry,
    FaqEntryText,
    FaqFeedback,
    FaqGap,
    FaqStatus,
    GapKind,
    GapStatus,
    Volatility,
)
from bot.db.models.member import (
    ALL_COUNTRIES,
    Member,
    MemberInterest,
    MemberProfession,
    MemberStatus,
    Role,
    RoleGrant,
)
from bot.db.models.moderation import (
    Report,
    ReportStatus,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
)
from bot.db.models.system import FsmRecord, SeededContent
from bot.db.models.taxonomy import TaxonomyKind, TaxonomyTerm

__all__ = [
    "ALL_COUNTRIES",
    "GLOBAL_ENTRY",
    "AuditEntry",
    "AuditOutcome",
    "FaqEntry",
    "FaqEntryText",
    "FaqFeedback",
    "FaqGap",
    "FaqStatus",
    "FsmRecord",
    "GapKind",
    "GapStatus",
    "Group",
    "GroupKind",
    "GroupStatus",
    "LinkCheck",
    "Member",
    "MemberInterest",
    "MemberProfession",
    "MemberStatus",
    "Report",
    "ReportStatus",
    "ReviewItem",
    "ReviewKind",
    "ReviewStatus",
    "Role",
    "RoleGrant",
    "SeededContent",
    "TaxonomyKind",
    "TaxonomyTerm",
    "Volatility",
]
