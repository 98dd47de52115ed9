"""Plain SVG charts drawn on the server: no JavaScript, no CDN, nothing to build.

Each function returns :class:`markupsafe.Markup`; every label that comes from data (country
codes, names, periods) is escaped where it is written, so a chart is as safe as the template
around it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from parley.analytics import Balance, DyadStat, TimelinePoint

__all__ = ["PALETTE", "balance_svg", "network_svg", "period_label", "timeline_svg"]

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f")
_COOP = ("#9ecae1", "#2f6fa8")  # verbal, material cooperation
_CONFLICT = ("#f4a582", "#c2362f")  # verbal, material conflict
_INK, _MUTED, _GRID = "#1f2933", "#6b7785", "#e4e8ee"
_MIN_SLOTS = 8  # a short series is centred in at least this many slots, not stretched


def _slots(n: int, frame: _Frame) -> tuple[float, float]:
    """Width of one period's slot and the x where the first slot starts."""
    slot = frame.plot_w / max(n, _MIN_SLOTS)
    return slot, frame.left + (max(n, _MIN_SLOTS) - n) * slot / 2


def period_label(day: dt.date, interval: str) -> str:
    """A short label for a period start ("Oct 2025", "2025", "28 Oct", "w/c 20 Oct").

    Args:
        day: the first day of the period.
        interval: ``day``, ``week``, ``month`` or ``year``.

    Returns:
        The label.
    """
    if interval == "year":
        return str(day.year)
    if interval == "month":
        return day.strftime("%b %Y")
    if interval == "week":
        return "w/c " + day.strftime("%d %b").lstrip("0")
    return day.strftime("%d %b").lstrip("0")


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _empty(width: int, height: int, message: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(message)}"><text x="{width / 2}" y="{height / 2}" '
        f'text-anchor="middle" fill="{_MUTED}" font-size="13">{escape(message)}</text></svg>'
    )


def _ticks(top: int) -> list[int]:
    # At most ~4 round gridlines between zero and the top value.
    if top <= 0:
        return []
    raw = top / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = max(1, next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw))
    return list(range(step, top + 1, step))


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    left: int = 40
    right: int = 12
    top: int = 12
    bottom: int = 30

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom


def _x_labels(
    periods: Sequence[dt.date],
    interval: str,
    frame: _Frame,
    slot: float,
    start: float,
    max_labels: int = 10,
) -> list[str]:
    step = max(1, math.ceil(len(periods) / max_labels))
    out = []
    for i in range(0, len(periods), step):
        x = start + slot * (i + 0.5)
        out.append(
            f'<text x="{x:.1f}" y="{frame.height - 10}" text-anchor="middle" font-size="11" '
            f'fill="{_MUTED}">{escape(period_label(periods[i], interval))}</text>'
        )
    return out


def timeline_svg(
    points: Sequence[TimelinePoint],
    interval: str,
    *,
    width: int = 900,
    height: int = 240,
    href: Callable[[TimelinePoint], str] | None = None,
) -> Markup:
    """A diverging bar chart: cooperation above the axis, conflict below, per period.

    Args:
        points: timeline points (empty periods included).
        interval: their interval, for labels.
        width: viewBox width.
        height: viewBox height.
        href: optional link for each bar (e.g. the event list of that period).

    Returns:
        An ``<svg>`` element.
    """
    if not points or not any(p.events for p in points):
        return _empty(width, height, "No dated events for these filters.")
    frame = _Frame(width, height)
    up = max(p.verbal_cooperation + p.material_cooperation for p in points)
    down = max(p.verbal_conflict + p.material_conflict for p in points)
    other = max(
        p.events
        - p.verbal_cooperation
        - p.material_cooperation
        - p.verbal_conflict
        - p.material_conflict
        for p in points
    )
    up = max(up + other, 1 if down == 0 else 0)
    scale = frame.plot_h / max(up + down, 1)
    zero = frame.top + up * scale
    slot, start = _slots(len(points), frame)
    bar = max(1.0, min(slot * 0.72, 48.0))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Events per {escape(interval)}: cooperation above the line, conflict below">'
    ]
    for t in _ticks(up):
        y = zero - t * scale
        parts.append(
            f'<line x1="{frame.left}" x2="{width - frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{_GRID}"/><text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="{_MUTED}">{t}</text>'
        )
    for t in _ticks(down):
        y = zero + t * scale
        parts.append(
            f'<line x1="{frame.left}" x2="{width - frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{_GRID}"/><text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="{_MUTED}">{t}</text>'
        )
    for i, p in enumerate(points):
        if not p.events:
            continue
        x = start + slot * i + (slot - bar) / 2
        coop = p.verbal_cooperation + p.material_cooperation
        conflict = p.verbal_conflict + p.material_conflict
        uncoded = p.events - coop - conflict
        label = (
            f"{period_label(p.period, interval)}: {p.events} event{'s' * (p.events != 1)} "
            f"({coop} cooperation, {conflict} conflict"
            + (f", {uncoded} uncoded" if uncoded else "")
            + f"; Goldstein sum {_num(p.goldstein)})"
        )
        rects = []
        y = zero
        for count, colour in (
            (p.material_cooperation, _COOP[1]),
            (p.verbal_cooperation, _COOP[0]),
            (uncoded, "#c9d1db"),
        ):
            if count:
                h = count * scale
                y -= h
                rects.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"/>'
                )
        y = zero
        for count, colour in (
            (p.material_conflict, _CONFLICT[1]),
            (p.verbal_conflict, _CONFLICT[0]),
        ):
            if count:
                h = count * scale
                rects.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"/>'
                )
                y += h
        group = f'<g class="bar"><title>{escape(label)}</title>{"".join(rects)}</g>'
        if href is not None:
            group = f'<a href="{escape(href(p))}">{group}</a>'
        parts.append(group)
    parts.append(
        f'<line x1="{frame.left}" x2="{width - frame.right}" y1="{zero:.1f}" y2="{zero:.1f}" '
        f'stroke="{_INK}" stroke-width="1"/>'
    )
    parts += _x_labels([p.period for p in points], interval, frame, slot, start)
    parts.append("</svg>")
    return Markup("".join(parts))


def balance_svg(data: Balance, *, width: int = 900, height: int = 260) -> Markup:
    """Stacked bars of events with each partner per period, with a legend.

    Args:
        data: a :class:`~parley.analytics.Balance`.
        width: viewBox width.
        height: viewBox height.

    Returns:
        An ``<svg>`` element.
    """
    if not data.periods or not any(c.events for c in data.rows):
        return _empty(width, height, "No events with these partners yet.")
    frame = _Frame(width, height, top=34)
    colours = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(data.partners)}
    per_period: dict[dt.date, list[tuple[str, int, int, int]]] = {}
    for cell in data.rows:
        per_period.setdefault(cell.period, []).append(
            (cell.partner, cell.events, cell.visits_out, cell.visits_in)
        )
    top = max(sum(n for _, n, _, _ in cells) for cells in per_period.values())
    scale = frame.plot_h / max(top, 1)
    slot, start = _slots(len(data.periods), frame)
    bar = max(1.0, min(slot * 0.72, 48.0))
    base = frame.top + frame.plot_h
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Events of {escape(data.country)} with each partner per '
        f'{escape(data.interval)}">'
    ]
    x = frame.left
    for partner in data.partners:
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" rx="2" fill="{colours[partner]}"/>'
            f'<text x="{x + 17}" y="18" font-size="12" fill="{_INK}">{escape(partner)}</text>'
        )
        x += 30 + 8 * len(partner)
    for t in _ticks(top):
        y = base - t * scale
        parts.append(
            f'<line x1="{frame.left}" x2="{width - frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{_GRID}"/><text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="{_MUTED}">{t}</text>'
        )
    for i, period in enumerate(data.periods):
        bx = start + slot * i + (slot - bar) / 2
        y = base
        for partner, n, out, inn in per_period.get(period, []):
            if not n:
                continue
            h = n * scale
            y -= h
            tip = (
                f"{period_label(period, data.interval)} · {data.country}–{partner}: {n} "
                f"event{'s' * (n != 1)}, {out} visit{'s' * (out != 1)} to {partner}, "
                f"{inn} from {partner}"
            )
            parts.append(
                f'<rect x="{bx:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colours[partner]}"><title>{escape(tip)}</title></rect>'
            )
    parts.append(
        f'<line x1="{frame.left}" x2="{width - frame.right}" y1="{base:.1f}" y2="{base:.1f}" '
        f'stroke="{_INK}"/>'
    )
    parts += _x_labels(list(data.periods), data.interval, frame, slot, start)
    parts.append("</svg>")
    return Markup("".join(parts))


def _edge_colour(coop: int, conflict: int) -> str:
    # Blue for all-cooperation, red for all-conflict, blended in between.
    total = coop + conflict
    share = conflict / total if total else 0.0
    a, b = (47, 111, 168), (194, 54, 47)
    mix = tuple(round(a[k] + (b[k] - a[k]) * share) for k in range(3))
    return "#{:02x}{:02x}{:02x}".format(*mix)


def network_svg(
    stats: Sequence[DyadStat],
    *,
    focus: str | None = None,
    size: int = 440,
    max_nodes: int = 14,
    href: Callable[[str], str] | None = None,
) -> Markup:
    """A dyad network: countries on a circle (the focus country in the middle).

    Edge width is the number of events between two countries (both directions), edge colour
    runs from blue (cooperation) to red (conflict).

    Args:
        stats: directed dyads from :func:`parley.analytics.dyads`.
        focus: the country to put in the centre.
        size: viewBox width and height.
        max_nodes: keep only the busiest countries.
        href: optional link for a country node.

    Returns:
        An ``<svg>`` element.
    """
    edges: dict[tuple[str, str], list[int]] = {}
    weight: dict[str, int] = {}
    for d in stats:
        key = (min(d.source, d.target), max(d.source, d.target))
        acc = edges.setdefault(key, [0, 0, 0])
        acc[0] += d.events
        acc[1] += d.cooperation
        acc[2] += d.conflict
        for c in key:
            weight[c] = weight.get(c, 0) + d.events
    if not edges:
        return _empty(size, size // 2, "No dyads for these filters.")
    ranked = sorted(weight, key=lambda c: (-weight[c], c))
    ring = [c for c in ranked if c != focus][: max_nodes - (1 if focus else 0)]
    centre = size / 2
    radius = size / 2 - 44
    pos: dict[str, tuple[float, float]] = {}
    if focus in weight:
        pos[focus] = (centre, centre)
    for i, code in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(ring), 1)
        pos[code] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    biggest = max(v[0] for k, v in edges.items() if k[0] in pos and k[1] in pos) if pos else 1
    parts = [
        f'<svg class="chart network" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="Dyad network{escape(" of " + focus) if focus else ""}">'
    ]
    for (a, b), (n, coop, conflict) in sorted(edges.items(), key=lambda kv: kv[1][0]):
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        w = 1.2 + 9 * n / max(biggest, 1)
        tip = f"{a}–{b}: {n} event{'s' * (n != 1)} ({coop} cooperation, {conflict} conflict)"
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{_edge_colour(coop, conflict)}" stroke-width="{w:.1f}" '
            f'stroke-opacity="0.7" stroke-linecap="round"><title>{escape(tip)}</title></line>'
        )
    top_weight = max(weight[c] for c in pos)
    for code, (x, y) in pos.items():
        r = 13 + 9 * math.sqrt(weight[code] / max(top_weight, 1))
        fill = "#1f3a5f" if code == focus else "#ffffff"
        ink = "#ffffff" if code == focus else _INK
        node = (
            f'<g class="node"><title>{escape(code)}: {weight[code]} events</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="#1f3a5f" '
            f'stroke-width="1.5"/><text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
            f'font-size="11" font-weight="600" fill="{ink}">{escape(code)}</text></g>'
        )
        if href is not None:
            node = f'<a href="{escape(href(code))}">{node}</a>'
        parts.append(node)
    parts.append("</svg>")
    return Markup("".join(parts))
