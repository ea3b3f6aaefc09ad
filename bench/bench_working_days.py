"""Working days and looking back per second: servicelevel against pandas and NumPy, in one run.

Workload (the same for every library): Monday to Friday 09:00-17:00 in
Europe/Amsterdam with the `holidays` NL calendar, 20,000 random starts over
2025-2026 (nights and weekends included, whole seconds).

- ``add_working_days`` for 1, 5 and 20 working days, against pandas
  ``CustomBusinessDay`` (same weekmask and holidays) added to the local wall time;
- ``working_days_between`` of two dates, against ``numpy.busday_count`` (the
  count pandas users reach for; ``CustomBusinessDay`` has none), on pairs of
  dates up to 60 days apart;
- ``previous_close`` and ``next_opening_after`` against pandas
  ``CustomBusinessHour.rollback`` / ``rollforward`` (09:00-17:00, same holidays);
  ``previous_open``, ``working_day`` and ``end_of_working_day`` have no peer and
  are timed alone.

Run it with:

    pip install -e ".[dev]" pandas
    python bench/bench_working_days.py            # --starts N to change the workload

Agreement is checked on every start where the semantics match and counted,
by kind, where they differ (see the printed notes). Peers are timed on a
subset (printed) when they are slow; the rate is what is compared. The exit
status is 1 when an answer differs where the semantics match.
"""

from __future__ import annotations

import argparse
import random
import sys
import warnings
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as dt_time

import holidays
import numpy as np

from _workload import AMS, HOURS, random_starts, rate
from servicelevel import (
    add_working_days,
    end_of_working_day,
    is_open,
    next_open,
    next_opening_after,
    previous_close,
    previous_open,
    working_day,
    working_days_between,
)

DAYS = (1, 5, 20)


def local(value: datetime) -> datetime:
    return value.astimezone(AMS).replace(tzinfo=None)


def kind_of_start(start: datetime) -> str:
    """Where a start lies, for the notes on where pandas answers differently."""
    if is_open(HOURS, start):
        return "open"
    if not HOURS.intervals_on(start.date()):
        return "on a weekend day or holiday"
    return "before opening" if start.hour < 9 else "at or after closing"


def pandas_on_offset(start: datetime) -> bool:
    """Whether pandas CustomBusinessHour leaves ``start`` where it is: open, or 17:00
    sharp on a working day (pandas treats the closing instant as inside)."""
    at_close = local(start).time() == time_of_day(17) and bool(HOURS.intervals_on(start.date()))
    return is_open(HOURS, start) or at_close


def time_of_day(hour: int) -> dt_time:
    return dt_time(hour)


def row(name: str, ours: float, theirs: float | None = None, peer: str = "") -> None:
    ratio = f"{ours / theirs:>9.1f}x  vs {peer}" if theirs else ""
    print(f"  {name:<44}{ours:>12,.0f}/s{ratio}")


def bench_add(starts: list[datetime], subset: list[datetime], holiday_list: list[date]) -> int:
    import pandas as pd

    different = 0
    naive_subset = [pd.Timestamp(local(s)) for s in subset]
    counted_subset = [pd.Timestamp(local(next_open(HOURS, s))) for s in subset]
    kinds = [kind_of_start(s) for s in subset]
    print("add_working_days(hours, start, n) vs pandas Timestamp + CustomBusinessDay(n)")
    for n in DAYS:
        offset = pd.offsets.CustomBusinessDay(
            n=n, weekmask="Mon Tue Wed Thu Fri", holidays=holiday_list
        )
        ours = rate(lambda n=n: [add_working_days(HOURS, s, n) for s in starts], len(starts))
        theirs = rate(lambda o=offset: [t + o for t in naive_subset], len(subset), repeat=1)
        row(f"n = {n}: servicelevel add_working_days", ours, theirs, "pandas")
        row(f"n = {n}: pandas Timestamp + CustomBusinessDay", theirs)
        mine = [local(add_working_days(HOURS, s, n)) for s in subset]
        # Same semantics: pandas from the instant we count from (the next opening).
        mismatch = sum(
            m != (t + offset).to_pydatetime() for m, t in zip(mine, counted_subset, strict=True)
        )
        raw = Counter(
            kind
            for m, t, kind in zip(mine, naive_subset, kinds, strict=True)
            if m != (t + offset).to_pydatetime()
        )
        different += mismatch
        print(
            f"    from the instant counted from (next_open): {len(subset) - mismatch:,} of "
            f"{len(subset):,} identical; from the raw start, pandas differs for "
            + (
                ", ".join(f"{count:,} starts {kind}" for kind, count in sorted(raw.items()))
                or "none"
            )
        )
    return different


def bench_between_dates(starts: list[datetime], holiday_list: list[date]) -> int:
    rng = random.Random(7)
    firsts = [s.date() for s in starts]
    stops = [d + timedelta(days=rng.randint(0, 60)) for d in firsts]
    calendar = np.busdaycalendar(weekmask="1111100", holidays=holiday_list)
    first_array = np.array(firsts, dtype="datetime64[D]")
    stop_array = np.array(stops, dtype="datetime64[D]")
    pairs = list(zip(firsts, stops, strict=True))
    print("\nworking_days_between(hours, date, date) vs numpy.busday_count")
    ours = rate(lambda: [working_days_between(HOURS, a, b) for a, b in pairs], len(pairs))
    scalar = rate(lambda: [np.busday_count(a, b, busdaycal=calendar) for a, b in pairs], len(pairs))
    vector = rate(lambda: np.busday_count(first_array, stop_array, busdaycal=calendar), len(pairs))
    row("servicelevel working_days_between (dates)", ours, scalar, "numpy per call")
    row("numpy.busday_count, one call per pair", scalar)
    row("numpy.busday_count, one call for all pairs", vector)
    mine = [working_days_between(HOURS, a, b) for a, b in pairs]
    theirs = np.busday_count(first_array, stop_array, busdaycal=calendar).tolist()
    mismatch = sum(m != t for m, t in zip(mine, theirs, strict=True))
    print(f"    {len(pairs) - mismatch:,} of {len(pairs):,} counts identical")
    return mismatch


def bench_looking_back(
    starts: list[datetime], subset: list[datetime], holiday_list: list[date]
) -> int:
    import pandas as pd

    hour = pd.offsets.CustomBusinessHour(start="09:00", end="17:00", holidays=holiday_list)
    naive_subset = [pd.Timestamp(local(s)) for s in subset]
    print("\nlooking back and around vs pandas CustomBusinessHour rollback / rollforward")
    different = 0
    for name, ours_function, method in (
        ("previous_close", previous_close, hour.rollback),
        ("next_opening_after", next_opening_after, hour.rollforward),
    ):
        ours = rate(lambda f=ours_function: [f(HOURS, s) for s in starts], len(starts))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = rate(lambda m=method: [m(t) for t in naive_subset], len(subset), repeat=1)
            answers = [method(t).to_pydatetime() for t in naive_subset]
        row(f"servicelevel {name}", ours, theirs, "pandas")
        row(f"pandas CustomBusinessHour.{method.__name__}", theirs)
        # pandas rolls only instants that are not "on offset" (open, or at 17:00 exactly).
        on_offset = [pandas_on_offset(s) for s in subset]
        mine = [local(ours_function(HOURS, s)) for s in subset]
        same = [m == a for m, a in zip(mine, answers, strict=True)]
        matched = sum(1 for s, o in zip(same, on_offset, strict=True) if not o and s)
        compared = sum(1 for o in on_offset if not o)
        different += compared - matched
        print(
            f"    closed starts: {matched:,} of {compared:,} identical; pandas returns the start "
            f"itself for the {len(subset) - compared:,} open starts (and 17:00 sharp)"
        )
    for name, function in (
        ("previous_open", lambda s: previous_open(HOURS, s)),
        ("working_day", lambda s: working_day(HOURS, s, 1)),
        (
            "end_of_working_day(working_day(+1))",
            lambda s: end_of_working_day(HOURS, working_day(HOURS, s, 1)),
        ),
    ):
        row(
            f"servicelevel {name} (no peer)",
            rate(lambda f=function: [f(s) for s in starts], len(starts)),
        )
    return different


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=20_000)
    parser.add_argument(
        "--peer-subset",
        type=int,
        default=2_000,
        help="starts timed for the slow peers (agreement uses the same)",
    )
    args = parser.parse_args()

    import pandas as pd

    starts = random_starts(args.starts)
    subset = starts[: args.peer_subset]
    holiday_list = sorted(holidays.country_holidays("NL", years=range(2024, 2029)))
    # Warm the indexes the way a long-running service would be warm.
    add_working_days(HOURS, starts[0], 800)
    add_working_days(HOURS, starts[0], -800)
    previous_open(HOURS, starts[0])
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}")
    print(
        f"{len(starts):,} starts (slow peers timed on {len(subset):,}); schedule: "
        "09:00-17:00 Mon-Fri, Europe/Amsterdam, NL holidays\n"
    )
    different = bench_add(starts, subset, holiday_list)
    different += bench_between_dates(starts, holiday_list)
    different += bench_looking_back(starts, subset, holiday_list)
    print(f"\nanswers that differ where the semantics match: {different}")
    return 0 if different == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
