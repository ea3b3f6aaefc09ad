"""Deadlines per second: servicelevel against businesstimedelta and pandas, in one run.

Workload (the same for every library): Monday to Friday 09:00-17:00 in
Europe/Amsterdam with the `holidays` NL calendar, 20,000 random starts over
2025-2026 (nights and weekends included), targets of 4, 8 and 24 business hours.

Run it with:

    pip install -e ".[dev]" businesstimedelta pandas
    python bench/bench_deadlines.py            # --starts N to change the workload

It prints deadlines per second for each library and target, the ratios, and
how many results agree. Every rate is the best of several runs in CPU time of
this process (``time.process_time``), so that other work on a shared machine
does not tilt the comparison; the libraries are timed in turn, in one run. Agreement is exact equality of the instant, or, where
a peer reports the next opening instead of a deadline that lands exactly on a
closing time, equality after moving our deadline to the next opening (the
"equivalent" count). Slow peers are timed on a subset (printed), so the run
stays short; the rate is what is compared.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import UTC, datetime, timedelta

import holidays
import numpy as np

from _workload import AMS, HOURS, random_starts, rate
from servicelevel import BusinessHours, add_business_time, next_open
from servicelevel.arrays import add_business_time_array

TARGETS = (4, 8, 24)


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

    import businesstimedelta
    import pandas as pd
    import pytz

    starts = random_starts(args.starts)
    subset = starts[: args.peer_subset]
    starts_numpy = np.array(
        [s.astimezone(UTC).replace(tzinfo=None) for s in starts], dtype="datetime64[us]"
    )
    years = [2024, 2025, 2026, 2027, 2028]
    nl = holidays.country_holidays("NL", years=years)

    pytz_ams = pytz.timezone("Europe/Amsterdam")
    rules = businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(
                start_time=datetime.min.time().replace(hour=9),
                end_time=datetime.min.time().replace(hour=17),
                working_days=[0, 1, 2, 3, 4],
                tz=pytz_ams,
            ),
            businesstimedelta.HolidayRule(nl, tz=pytz_ams),
        ]
    )
    local_naive = pd.DatetimeIndex([s.replace(tzinfo=None) for s in subset])

    # Warm the index the way a long-running service would be warm.
    add_business_time(HOURS, starts[0], timedelta(hours=24 * 40))

    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"businesstimedelta {getattr(businesstimedelta, '__version__', '1.0.1')}"
    )
    print(
        f"{len(starts):,} starts (peers timed on {len(subset):,}); schedule: {HOURS.week.mon[0]} "
        "Mon-Fri, Europe/Amsterdam, NL holidays\n"
    )
    header = (
        f"{'target':>6}  {'library':<38}{'deadlines/s':>13}{'µs each':>9}"
        f"{'scalar speed-up':>17}{'array speed-up':>16}"
    )
    print(header)
    print("-" * len(header))
    disagreements = 0
    for target_hours in TARGETS:
        duration = timedelta(hours=target_hours)
        ours = [add_business_time(HOURS, s, duration) for s in starts]
        scalar = rate(
            lambda d=duration: [add_business_time(HOURS, s, d) for s in starts], len(starts)
        )
        vector = rate(
            lambda d=duration: add_business_time_array(HOURS, starts_numpy, d), len(starts)
        )

        delta = businesstimedelta.BusinessTimeDelta(rules, hours=target_hours)
        aware_subset = [pytz_ams.normalize(s.astimezone(pytz_ams)) for s in subset]
        theirs_btd = [s + delta for s in aware_subset]
        btd = rate(lambda d=delta, a=aware_subset: [s + d for s in a], len(subset), repeat=3)

        offset = pd.offsets.CustomBusinessHour(
            n=target_hours, start="09:00", end="17:00", holidays=sorted(nl.keys())
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs_pd = list(local_naive + offset)
            pdr = rate(lambda o=offset: local_naive + o, len(subset), repeat=3)

        rows = [
            ("servicelevel add_business_time", scalar),
            ("servicelevel add_business_time_array", vector),
            ("businesstimedelta", btd),
            ("pandas CustomBusinessHour", pdr),
        ]
        for name, value in rows:
            ratios = (
                f"{scalar / value:>16.1f}x{vector / value:>15.1f}x"
                if not name.startswith("servicelevel")
                else ""
            )
            print(f"{target_hours:>5}h  {name:<38}{value:>13,.0f}{1e6 / value:>9.2f}{ratios}")
        for peer, results in (("businesstimedelta", theirs_btd), ("pandas", theirs_pd)):
            exact = equivalent = 0
            for mine, theirs in zip(ours, results, strict=False):
                theirs_local = (
                    theirs.replace(tzinfo=None)
                    if theirs.tzinfo is None
                    else (theirs.astimezone(AMS).replace(tzinfo=None))
                )
                mine_local = mine.astimezone(AMS).replace(tzinfo=None)
                if mine_local == theirs_local:
                    exact += 1
                elif next_open(HOURS, mine).astimezone(AMS).replace(tzinfo=None) == theirs_local:
                    equivalent += 1
            disagreements += len(results) - exact - equivalent
            print(
                f"{'':>7} agreement with {peer}: {exact:,} exact, {equivalent:,} equivalent "
                f"(peer gives the next opening for a deadline at closing time), "
                f"{len(results) - exact - equivalent:,} different"
            )
        print()
    scalar_vs_array = all(
        np.array_equal(
            add_business_time_array(HOURS, starts_numpy, timedelta(hours=h)),
            np.array(
                [
                    add_business_time(HOURS, s, timedelta(hours=h))
                    .astimezone(UTC)
                    .replace(tzinfo=None)
                    for s in starts
                ],
                dtype="datetime64[us]",
            ),
        )
        for h in TARGETS
    )
    print(f"scalar and array results identical: {scalar_vs_array}")
    sun_identical = _follow_the_sun(starts, starts_numpy)
    return 0 if scalar_vs_array and sun_identical and disagreements == 0 else 1


def _follow_the_sun(starts: list[datetime], starts_numpy: np.ndarray) -> bool:
    """No peer computes schedules across zones: the union of the Amsterdam hours
    above and New York's (US holidays) is measured against the single schedule."""
    new_york = BusinessHours.weekly(
        {"mon-fri": "09:00-17:00"}, tz="America/New_York", holidays="US"
    )
    desk = HOURS | new_york
    duration = timedelta(hours=8)
    add_business_time(desk, starts[0], timedelta(hours=24 * 40))  # warm, as above
    single = rate(lambda: [add_business_time(HOURS, s, duration) for s in starts], len(starts))
    union = rate(lambda: [add_business_time(desk, s, duration) for s in starts], len(starts))
    vector = rate(lambda: add_business_time_array(desk, starts_numpy, duration), len(starts))
    print("\nfollow-the-sun (Amsterdam | New York), 8 h, no peer computes this:")
    print(f"  scalar {union:>12,.0f}/s  ({union / single:.2f}x the single schedule)")
    print(f"  array  {vector:>12,.0f}/s")
    expected = [add_business_time(desk, s, duration).astimezone(UTC) for s in starts]
    found = add_business_time_array(desk, starts_numpy, duration)
    identical = [value.replace(tzinfo=None) for value in expected] == found.tolist()
    print(f"  scalar and array results identical: {identical}")
    return identical


if __name__ == "__main__":
    raise SystemExit(main())
