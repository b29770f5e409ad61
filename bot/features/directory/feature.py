"""The directory of community groups, as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ReviewKind
from bot.features.directory.demo import load_demo_groups
from bot.features.directory.jobs import check_group_links
from bot.features.directory.review import GroupReviewHandler
from bot.features.directory.router import create_router
from bot.features.directory.service import export_member_groups, forget_member_groups
from bot.features.directory.transfer import GroupSection
from bot.plugins import DataSection, Feature, Job, RouterSet, TransferStep

FEATURE = Feature(
    "directory",
    routers=lambda: RouterSet([create_router()]),
    review={ReviewKind.GROUP: GroupReviewHandler},
    # Groups open the file, as in the YAML contract.
    transfer=[TransferStep(GroupSection, phase=-1)],
    jobs=[Job("directory.check_links", check_group_links, interval=600.0)],
    personal_data=[DataSection("directory_groups", export_member_groups, forget_member_groups)],
    demo={"groups": load_demo_groups},
)
