"""How a feature plugs into the bot: one :class:`Feature` descriptor per feature.

A feature lives in ``bot/features/<name>/`` and exports one descriptor from its ``feature.py``
saying everything it adds to the shared machinery: its routers, the kinds of listing it sends
to the moderation queue, what it closes when a member is banned, its import/export sections,
its worker jobs and queue gauges, its part of ``/my_data`` and of erasure, its starter content
and its demo data. ``bot/features/__init__.py`` lists the descriptors once, in order; the
composition root (``bot.factory``) folds them into one :class:`Plugins` and hands it to the
lower layers (``Services.plugins``), which therefore never import a feature.

This module is a lower layer itself: it imports no feature.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from aiogram import Bot, Router
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.db.models import ReviewKind
from bot.reviewing import BanEffect, ReviewHandler
from bot.services import Services
from bot.transfer.base import TransferSection

T = TypeVar("T")
Exporter = Callable[[AsyncSession, int], Awaitable[Any]]
Eraser = Callable[[AsyncSession, int], Awaitable[None]]
# Loads rows into the caller's transaction and returns how many it added.
Loader = Callable[[AsyncSession], Awaitable[int]]


@dataclass(frozen=True)
class RouterSet:
    """A feature's routers for one Dispatcher, in the order updates should meet them.

    ``late`` routers take what no wizard waited for (free text becoming a question, the
    catch-all): they come after every feature's ``main`` routers, in feature order.
    """

    main: Sequence[Router] = ()
    late: Sequence[Router] = ()


@dataclass(frozen=True)
class DataSection:
    """One kind of personal data: how to export it (``/my_data``) and how to erase it.

    ``phase`` orders erasure across features (lower first, feature order within a phase):
    data that names other data goes before it (conversations before the listings they are
    about), and the profile itself goes last.
    """

    name: str
    export: Exporter
    erase: Eraser
    phase: int = 0


@dataclass(frozen=True)
class BanStep:
    """What a feature closes when a member is banned; lower ``phase`` runs first."""

    run: BanEffect
    phase: int = 0


@dataclass(frozen=True)
class TransferStep:
    """One import/export section (a class or factory); lower ``phase`` is applied and
    exported first (the YAML contract's order: groups, then the knowledge base)."""

    make: Callable[[], TransferSection]
    phase: int = 0


@dataclass(frozen=True)
class QueueGauge:
    """One ``prichal_queue_size`` label: the column to count, and which rows are waiting."""

    column: InstrumentedAttribute[Any]
    waiting: Callable[[], ColumnElement[bool]]


@dataclass(frozen=True)
class JobContext:
    """What a worker job gets: the shared services, a Bot to talk to Telegram, the registries."""

    services: Services
    bot: Bot
    worker_id: str
    plugins: Plugins
    # Set when the worker is asked to stop: long rounds (broadcast delivery) hand back what
    # they hold and return early.
    stopping: asyncio.Event = field(default_factory=asyncio.Event)


JobFunction = Callable[[JobContext], Awaitable[int]]


@dataclass(frozen=True)
class Job:
    """``run`` does one round and returns how many items it handled; the runner calls it
    again after ``interval`` seconds (at once when it handled a full batch)."""

    name: str
    run: JobFunction
    interval: float
    # Tables whose rows committed by this process wake the job at once (bot.worker.wake).
    wakes_on: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class ExtensionPoint(Generic[T]):
    """A place where one feature lets others plug in, without importing them.

    The owning feature declares it (``KINDS = ExtensionPoint[KindView]("listings.kinds")``)
    and reads what was plugged in from the registry (``plugins.extensions(KINDS)``); the
    features built on it add ``KINDS.provide(value)`` to their descriptor's ``provides``.
    Compared by identity: two points with one name are two points.
    """

    name: str

    def provide(self, value: T) -> Provision:
        """``value`` plugged into this point (for a descriptor's ``provides``)."""
        return Provision(self, value)


@dataclass(frozen=True)
class Provision:
    """One value a feature plugs into another feature's :class:`ExtensionPoint`."""

    point: ExtensionPoint[Any]
    value: object


def _no_routers() -> RouterSet:
    return RouterSet()


@dataclass(frozen=True)
class Feature:
    """Everything one feature plugs in. Every field but ``name`` is optional.

    ``routers`` is a factory (called once per Dispatcher: routers cannot be shared); the
    review handlers and transfer sections are classes or factories, built when a registry is.
    """

    name: str
    routers: Callable[[], RouterSet] = _no_routers
    review: Mapping[ReviewKind, Callable[[], ReviewHandler]] = field(default_factory=dict)
    ban_steps: Sequence[BanStep] = ()
    transfer: Sequence[TransferStep] = ()
    jobs: Sequence[Job] = ()
    queues: Mapping[str, QueueGauge] = field(default_factory=dict)
    personal_data: Sequence[DataSection] = ()
    # Loaded into an empty database by ``migrate`` and the embedded first start (idempotent).
    starter_content: Mapping[str, Loader] = field(default_factory=dict)
    # Loaded by ``python -m bot demo`` after the starter content (idempotent, demo-marked).
    demo: Mapping[str, Loader] = field(default_factory=dict)
    # What this feature plugs into other features' extension points.
    provides: Sequence[Provision] = ()


@dataclass(frozen=True)
class Plugins:
    """The features' contributions folded into the registries the lower layers read."""

    features: Sequence[Feature] = ()

    @classmethod
    def of(cls, features: Sequence[Feature]) -> Plugins:
        names = [feature.name for feature in features]
        duplicates = {name for name in names if names.count(name) > 1}
        if duplicates:
            raise ValueError(f"features listed twice: {sorted(duplicates)}")
        return cls(tuple(features))

    def build_routers(self) -> list[Router]:
        """New routers for one Dispatcher: every ``main`` in feature order, then every ``late``."""
        sets = [feature.routers() for feature in self.features]
        return [router for routers in sets for router in routers.main] + [
            router for routers in sets for router in routers.late
        ]

    @property
    def review_handlers(self) -> dict[ReviewKind, ReviewHandler]:
        handlers: dict[ReviewKind, ReviewHandler] = {}
        for feature in self.features:
            for kind, make in feature.review.items():
                if kind in handlers:
                    raise ValueError(f"two review handlers for {kind}")
                handlers[kind] = make()
        return handlers

    @property
    def ban_effects(self) -> list[BanEffect]:
        steps = [step for feature in self.features for step in feature.ban_steps]
        return [step.run for step in sorted(steps, key=lambda step: step.phase)]

    @property
    def transfer_sections(self) -> list[TransferSection]:
        steps = [step for feature in self.features for step in feature.transfer]
        return [step.make() for step in sorted(steps, key=lambda step: step.phase)]

    @property
    def jobs(self) -> list[Job]:
        return [job for feature in self.features for job in feature.jobs]

    @property
    def queues(self) -> dict[str, QueueGauge]:
        return {name: gauge for f in self.features for name, gauge in f.queues.items()}

    @property
    def personal_data(self) -> list[DataSection]:
        sections = [section for feature in self.features for section in feature.personal_data]
        return sorted(sections, key=lambda section: section.phase)

    @property
    def starter_content(self) -> dict[str, Loader]:
        return {name: load for f in self.features for name, load in f.starter_content.items()}

    def extensions(self, point: ExtensionPoint[T]) -> list[T]:
        """Everything plugged into ``point``, in feature order."""
        return [
            cast(T, provision.value)
            for feature in self.features
            for provision in feature.provides
            if provision.point is point
        ]

    @property
    def demo_loaders(self) -> dict[str, Loader]:
        return {name: load for f in self.features for name, load in f.demo.items()}
