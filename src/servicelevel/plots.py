"""Pictures of opening hours, deadlines and compliance (needs the ``plot`` extra).

Each function draws on the ``matplotlib`` axes it is given (or on a new
figure) and returns the axes; none calls ``plt.show()``, so they work the same
in a notebook, a script and a test.

* :func:`plot_week`: a week of opening hours, with holidays, closures and
  special days marked and named.
* :func:`plot_due_per_hour`: how many contacts fall due in each hour of the
  week, as a heat map.
* :func:`plot_compliance`: the share of targets met per month (or week) and
  channel (or any other group).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from datetime import date
    >>> from servicelevel import DUTCH_OFFICE_HOURS
    >>> from servicelevel.plots import plot_week
    >>> ax = plot_week(DUTCH_OFFICE_HOURS, date(2025, 12, 25))
    >>> ax.get_title()
    'Opening hours, week of 22 Dec 2025 (Europe/Amsterdam)'
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

try:
    import matplotlib.patches as mpatches
    import numpy as np
    import pandas as pd
    from matplotlib.ticker import PercentFormatter
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.plots needs matplotlib and pandas: pip install 'servicelevel[plot]'"
    ) from error
from babel.dates import format_date, get_day_names

from servicelevel._day_rules import DayPlan, DayRules, DaySource
from servicelevel._describe import holiday_name
from servicelevel._errors import ArgumentTypeError, UnknownNameError
from servicelevel._hours import BusinessHours
from servicelevel._intervals import DAY_US, OpeningInterval
from servicelevel._vocabulary import Channel, Priority

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_compliance", "plot_due_per_hour", "plot_week"]

_HOUR_US = DAY_US // 24
_OPEN, _SPECIAL = "#4C72B0", "#DD8452"
_HOLIDAY, _CLOSURE = "#C44E52", "#7F7F7F"
_LEGEND = {
    "open": mpatches.Patch(color=_OPEN, label="Open"),
    "special": mpatches.Patch(color=_SPECIAL, label="Special day"),
    "holiday": mpatches.Patch(
        facecolor=_HOLIDAY, alpha=0.25, hatch="//", edgecolor=_HOLIDAY, label="Public holiday"
    ),
    "closure": mpatches.Patch(
        facecolor=_CLOSURE, alpha=0.3, hatch="xx", edgecolor=_CLOSURE, label="Closure"
    ),
}
_PERIOD_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, created = plt.subplots(figsize=size, layout="constrained")
    return created


# -- A week of opening hours ----------------------------------------------------------


def plot_week(
    hours: BusinessHours, week_of: date, ax: Axes | None = None, *, locale: str = "en"
) -> Axes:
    """The opening hours of the week (Monday to Sunday) that holds ``week_of``.

    One column per day, midnight at the top: the hours as they really are
    (after holidays, closures and special days, DST included), a night shift
    running on into the next column. Holidays, closures and special days are
    shaded and named (holiday names in ``locale``, as :func:`describe_hours`
    gives them).

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from servicelevel import BusinessHours
        >>> hours = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam",
        ...                              holidays="NL")
        >>> ax = plot_week(hours, date(2025, 4, 21))
        >>> [label.get_text() for label in ax.get_xticklabels()][:2]
        ['Mon\\n21 Apr', 'Tue\\n22 Apr']
    """
    if not isinstance(hours, BusinessHours):
        raise ArgumentTypeError.for_argument("hours", "BusinessHours", hours)
    ax = _new_axes(ax, (10, 6))
    monday = week_of - timedelta(days=week_of.weekday())
    rules = DayRules(hours, monday.year - 1, monday.year + 1)
    shown: set[str] = set()
    busy = np.zeros((7, 24 * 4), dtype=bool)  # quarter hours with a bar, per column
    for column in range(-1, 7):
        day = monday + timedelta(days=column)
        plan = rules.plan(day)
        kind, label = _mark(hours, plan, locale)
        colour = _SPECIAL if kind == "special" else _OPEN
        for interval in hours.intervals_on(day):
            for where, start, end in _pieces(column, interval):
                ax.bar(where, end - start, bottom=start, width=0.8, color=colour, zorder=2)
                busy[where, int(start * 4) : int(np.ceil(end * 4))] = True
                shown.add("special" if kind == "special" else "open")
        if column >= 0 and kind is not None:
            _shade(ax, column, plan, kind)
            shown.add(kind)
            _label(ax, column, label, busy[column])
    _week_axes(ax, hours, monday, locale)
    order = [name for name in _LEGEND if name in shown]
    ax.legend(handles=[_LEGEND[name] for name in order], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False)  # fmt: skip
    return ax


def _mark(hours: BusinessHours, plan: DayPlan, locale: str) -> tuple[str | None, str]:
    """What marks a day (holiday, closure, special day or nothing) and its name."""
    if plan.source is DaySource.HOLIDAY:
        return "holiday", holiday_name(hours, plan.day, locale) or "Public holiday"
    if plan.closure is not None:
        return "closure", plan.closure.reason or "Closed"
    if plan.special is not None:
        return "special", plan.special.name or ("Special hours" if plan.intervals else "Closed")
    return None, ""


def _pieces(column: int, interval: OpeningInterval) -> list[tuple[int, float, float]]:
    """Where an interval is drawn: (column, first hour, last hour), split at midnight."""
    start = interval.start_us / _HOUR_US
    end = start + interval.length_us / _HOUR_US
    pieces = [(column, start, min(end, 24.0)), (column + 1, 0.0, end - 24.0)]
    return [(where, a, b) for where, a, b in pieces if 0 <= where < 7 and b > a]


def _shade(ax: Axes, column: int, plan: DayPlan, kind: str) -> None:
    """A holiday or a closed day is shaded whole; closed hours only where they were cut."""
    colour = {"holiday": _HOLIDAY, "closure": _CLOSURE, "special": _SPECIAL}[kind]
    hatch = {"holiday": "//", "closure": "xx", "special": ".."}[kind]
    spans = [(0.0, 24.0)]
    if kind == "closure" and plan.intervals:  # closed some hours: shade what was cut away
        spans = [(a, b) for iv in plan.usual for _, a, b in _pieces(0, iv)]
    elif kind == "special" and plan.intervals:  # its own hours show it
        spans = []
    for start, end in spans:
        ax.bar(column, end - start, bottom=start, width=0.8, color=colour, alpha=0.25,
               hatch=hatch, edgecolor=colour, linewidth=0, zorder=1)  # fmt: skip


def _label(ax: Axes, column: int, text: str, busy: np.ndarray[Any, Any]) -> None:
    """The name of a day, upright in the middle of the longest free stretch of its column."""
    best, middle, start = 0, 12.0, None
    for quarter, taken in enumerate([*busy, True]):
        if not taken and start is None:
            start = quarter
        elif taken and start is not None:
            if quarter - start > best:
                best, middle = quarter - start, (start + quarter) / 8
            start = None
    ax.text(column, middle, textwrap.fill(text, 22), rotation=90, ha="center", va="center",
            fontsize=9, zorder=3,
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.5})  # fmt: skip


def _week_axes(ax: Axes, hours: BusinessHours, monday: date, locale: str) -> None:
    days = [monday + timedelta(days=offset) for offset in range(7)]
    ax.set_xticks(range(7), [format_date(day, "EEE\nd MMM", locale=locale) for day in days])
    ax.set_xlim(-0.5, 6.5)
    ax.set_ylim(24, 0)
    ax.set_yticks(range(0, 25, 2), [f"{hour:02d}:00" for hour in range(0, 25, 2)])
    ax.grid(axis="y", linestyle=":", alpha=0.6, zorder=0)
    ax.set_ylabel(f"local time ({hours.tz})")
    week = format_date(monday, "d MMM y", locale=locale)
    ax.set_title(f"Opening hours, week of {week} ({hours.tz})")


# -- Contacts due per hour of the week ---------------------------------------------------


def plot_due_per_hour(
    deadlines: pd.Series[Any], ax: Axes | None = None, *, locale: str = "en"
) -> Axes:
    """How many deadlines fall in each hour of the week, in their zone, as a heat map.

    ``deadlines`` are aware timestamps (a pandas Series, e.g. a column of
    deadlines); missing ones (``NaT``) are counted in the title, not drawn.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import pandas as pd
        >>> due = pd.Series(pd.to_datetime(["2025-01-06 09:30", "2025-01-06 09:45", None]))
        >>> ax = plot_due_per_hour(due.dt.tz_localize("Europe/Amsterdam"))
        >>> ax.get_title()
        'Contacts due per hour of the week (Europe/Amsterdam): 2 deadlines, 1 missing'
    """
    if not isinstance(deadlines, pd.Series) or not isinstance(deadlines.dtype, pd.DatetimeTZDtype):
        raise ArgumentTypeError.for_dtype(
            "deadlines",
            "a pandas Series of aware timestamps",
            getattr(deadlines, "dtype", type(deadlines).__name__),
            "localize naive times with .dt.tz_localize('Europe/Amsterdam') (their zone) first.",
        )
    ax = _new_axes(ax, (11, 4.5))
    known = deadlines.dropna()
    counts = np.zeros((7, 24), dtype=np.int64)
    np.add.at(counts, (known.dt.day_of_week.to_numpy(), known.dt.hour.to_numpy()), 1)
    image = ax.imshow(counts, aspect="auto", cmap="YlOrRd", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label="contacts due", pad=0.01)
    names = get_day_names("abbreviated", locale=locale)
    ax.set_yticks(range(7), [names[day] for day in range(7)])
    ax.set_xticks(range(0, 24, 2), [f"{hour:02d}:00" for hour in range(0, 24, 2)])
    ax.set_xlabel(f"hour the contact is due ({deadlines.dt.tz})")
    missing = len(deadlines) - len(known)
    title = f"Contacts due per hour of the week ({deadlines.dt.tz}): {len(known):,} deadlines"
    ax.set_title(title + (f", {missing:,} missing" if missing else ""))
    return ax


# -- Compliance over time --------------------------------------------------------------


def plot_compliance(
    frame: pd.DataFrame,
    *,
    by: str = "channel",
    period: str = "M",
    target: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The share of targets met per ``period`` (``"M"``, ``"W"``, ``"Q"``, ...) and group.

    ``frame`` has the columns ``received_at`` (aware), ``by`` and
    ``breached`` (booleans; missing values, targets not yet decided, are left
    out). Periods are those of the local time of ``received_at``. With
    ``target`` (a share such as ``0.8``) a dashed line shows it.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import pandas as pd
        >>> frame = pd.DataFrame({
        ...     "received_at": pd.to_datetime(["2025-01-06", "2025-01-07", "2025-02-03"]
        ...                                   ).tz_localize("Europe/Amsterdam"),
        ...     "channel": ["email", "email", "phone"],
        ...     "breached": [False, True, False],
        ... })
        >>> ax = plot_compliance(frame, target=0.8)
        >>> [line.get_label() for line in ax.get_lines()]
        ['phone', 'email', 'target 80%']
    """
    for column in ("received_at", by, "breached"):
        if column not in frame:
            raise UnknownNameError.for_name("column of the frame", column, list(frame.columns))
    ax = _new_axes(ax, (10, 5))
    shares = _shares(frame, by, period)
    positions = range(len(shares.index))
    for group in shares.columns:
        ax.plot(positions, shares[group], marker="o", label=str(group))
    if target is not None:
        ax.axhline(target, color="black", linestyle="--", linewidth=1, label=f"target {target:.0%}")
    _period_axis(ax, shares.index)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(max(0.0, float(np.nanmin(shares.to_numpy(), initial=1.0)) - 0.05), 1.01)
    ax.grid(axis="y", linestyle=":", alpha=0.6)
    ax.set_ylabel("targets met")
    name = _PERIOD_NAMES.get(period, period)
    ax.set_title(f"Share of targets met per {name} and {by}")
    ax.legend(title=by, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def _shares(frame: pd.DataFrame, by: str, period: str) -> pd.DataFrame:
    decided = frame[frame["breached"].notna()]
    local = pd.to_datetime(decided["received_at"]).dt.tz_localize(None)
    met = ~decided["breached"].astype(bool)
    keys = [local.dt.to_period(period).rename("period"), decided[by].rename(by)]
    table = met.groupby(keys, observed=True).mean().unstack(by).sort_index()
    return table[sorted(table.columns, key=_group_order)]


def _group_order(name: Any) -> tuple[int, str]:
    """Priorities and channels in their own order (low to urgent), anything else by name."""
    for order in (list(Priority), list(Channel)):
        if name in order:
            return order.index(name), ""
    return len(Channel), str(name)


def _period_axis(ax: Axes, periods: pd.Index[Any]) -> None:
    """One label per period, at most about a dozen (every n-th one for weeks and days)."""
    step = -(-len(periods) // 12) if len(periods) > 14 else 1
    shown = range(0, len(periods), step)
    labels = [_period_label(periods[index]) for index in shown]
    tilted = len(labels) > 6
    ax.set_xticks(shown, labels, rotation=30 if tilted else 0, ha="right" if tilted else "center")


def _period_label(period: pd.Period) -> str:
    """``Jan 2025`` for a month, ``6 Jan 2025`` (its first day) for a week or a day."""
    code = period.freqstr[0]
    if code == "M":
        return period.strftime("%b %Y")
    if code in "WD":
        return f"{period.start_time.day} {period.start_time:%b %Y}"
    return str(period)
