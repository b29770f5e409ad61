"""The numbers as one PNG for ``/stats``, drawn with matplotlib.

matplotlib is imported here, inside :func:`render_png`, and nowhere at import time: the bot's
memory does not grow by it until someone asks for the charts. It draws on a figure of its own
(the object API and the Agg canvas, never pyplot's global state), so a call is safe in a worker
thread. Suppressed cells (under 5 people) are drawn as a grey stub marked "<5".
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

Translate = Callable[..., str]
_SUPPRESSED_STUB = 0.6


def _plain(text: str) -> str:
    """Text without emoji (symbols, variation selectors and joiners): matplotlib's bundled font
    has none, and a missing glyph is only an empty box."""
    kept = (c for c in text if unicodedata.category(c) not in ("So", "Mn", "Cf", "Cs", "Sk"))
    return " ".join("".join(kept).split())


def _bars(axis: Any, labels: Sequence[str], values: Sequence[int | None], color: str) -> None:
    shown = [v if v is not None else _SUPPRESSED_STUB for v in values]
    colors = [color if v is not None else "#9e9e9e" for v in values]
    positions = list(range(len(labels)))
    axis.barh(positions, shown, color=colors)
    axis.set_yticks(positions, labels=[_plain(str(label))[:22] for label in labels], fontsize=8)
    axis.invert_yaxis()
    for y, value in zip(positions, values, strict=True):
        axis.text(
            (value or _SUPPRESSED_STUB),
            y,
            f" {value}" if value is not None else " <5",
            va="center",
            fontsize=7,
        )


def render_png(numbers: dict[str, Any], t: Translate, country: Callable[[str], str]) -> bytes:
    """Five charts in one picture: members by country, newcomers per week, answers per topic,
    announcements delivered, and events' RSVPs beside attendance. ``numbers`` is
    :func:`bot.features.staffapp.service.numbers`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 14), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(3, 2)
    a, b = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[0, 1])
    c, d = figure.add_subplot(grid[1, 0]), figure.add_subplot(grid[1, 1])
    e = figure.add_subplot(grid[2, :])

    by_country = numbers["members_by_country"][:12]
    _bars(a, [country(r["label"]) for r in by_country], [r["value"] for r in by_country], "#3390ec")
    a.set_title(_plain(t("stats-chart-members-country")), fontsize=10)

    weeks = numbers["newcomers_per_week"]
    _bars(b, [r["label"][5:] for r in weeks], [r["value"] for r in weeks], "#2e9e5b")
    b.set_title(_plain(t("stats-chart-newcomers")), fontsize=10)

    topics = numbers["questions_per_topic"][:10]
    _bars(c, [r.get("label", r["topic"]) for r in topics], [r["asked"] for r in topics], "#8774e1")
    c.set_title(_plain(t("stats-chart-topics")), fontsize=10)

    sent = numbers["broadcasts"]
    _bars(
        d,
        [t("app-sent"), t("app-unreachable"), t("app-failed")],
        [sent["sent"], sent["unreachable"], sent["failed"]],
        "#e0a100",
    )
    d.set_title(_plain(t("stats-chart-broadcasts")), fontsize=10)

    # RSVPs beside attendance, per event whose organiser recorded how many came.
    labels: list[str] = []
    values: list[int | None] = []
    for row in numbers.get("attendance", [])[:6]:
        title = _plain(str(row["title"]))[:12]
        labels += [t("stats-att-going", title=title), t("stats-att-came", title=title)]
        values += [row["going"], row["attended"]]
    _bars(e, labels, values, "#d9534f")
    e.set_title(_plain(t("stats-chart-attendance")), fontsize=10)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
