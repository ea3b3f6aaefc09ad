"""The NumPy path over a million starts: rates, memory, and the scalar and pandas paths beside it.

Workload: Monday to Friday 09:00-17:00 in Europe/Amsterdam with the NL
holidays, 10^6 seeded random whole-second starts over 2025-2026 (nights and
weekends included) as UTC ``datetime64[us]``, targets of 4, 8 and 24 business
hours. In one run it times ``add_business_time_array`` on all starts, the
scalar ``add_business_time`` and pandas ``CustomBusinessHour`` on subsets
(their rates are what is compared), the other array functions, and the peak
memory of one call per element beyond its input and output (``tracemalloc``,
which sees NumPy's buffers). It checks the array answers against the scalar
ones on the subset.

Run it with:

    pip install -e ".[dev]" pandas
    python bench/bench_arrays.py              # --starts N, --subset N to change the workload

Every rate is the best of several runs in CPU time of this process
(``time.process_time``); NumPy runs these functions on one core.
"""

from __future__ import annotations

import argparse
import sys
import tracemalloc
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import holidays
import numpy as np

from _workload import AMS, HOURS, rate
from servicelevel import add_business_time
from servicelevel import arrays as sla

TARGETS = (4, 8, 24)


def numpy_starts(count: int, seed: int = 2025) -> np.ndarray:
    """``count`` whole-second instants over 2025-2026 (Amsterdam years), UTC ``datetime64[us]``."""
    first = int(datetime(2025, 1, 1, tzinfo=AMS).timestamp())
    last = int(datetime(2027, 1, 1, tzinfo=AMS).timestamp())
    seconds = np.random.default_rng(seed).integers(first, last, count)
    return (seconds * 1_000_000).astype("datetime64[us]")


def peak_bytes(function: Callable[[], object]) -> int:
    """Peak memory traced during one call, less what the call returns."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - int(getattr(result, "nbytes", 0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=1_000_000)
    parser.add_argument(
        "--subset", type=int, default=20_000, help="starts timed for the scalar path"
    )
    parser.add_argument("--pandas-subset", type=int, default=2_000)
    args = parser.parse_args()

    import pandas as pd

    starts = numpy_starts(args.starts)
    subset = [
        datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(value))
        for value in starts[: args.subset].astype(np.int64)
    ]
    subset_local = [value.astimezone(AMS) for value in subset]
    local_naive = pd.DatetimeIndex(
        [value.replace(tzinfo=None) for value in subset_local[: args.pandas_subset]]
    )
    nl = sorted(holidays.country_holidays("NL", years=range(2024, 2029)).keys())
    add_business_time(HOURS, subset_local[0], timedelta(hours=24 * 40))  # a warm index
    sla.add_business_time_array(HOURS, starts[:10], timedelta(hours=24 * 40))

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}")
    print(
        f"{len(starts):,} starts (scalar timed on {len(subset):,}, pandas on "
        f"{len(local_naive):,}); Mon-Fri 09:00-17:00 Europe/Amsterdam, NL holidays\n"
    )
    header = (
        f"{'target':>6}  {'array/s':>13}{'scalar/s':>12}{'pandas/s':>10}"
        f"{'array/scalar':>14}{'array/pandas':>14}{'peak B/elem':>13}  identical"
    )
    print(header)
    print("-" * len(header))
    identical = True
    for target in TARGETS:
        duration = timedelta(hours=target)
        vector = rate(lambda d=duration: sla.add_business_time_array(HOURS, starts, d), len(starts))
        scalar = rate(
            lambda d=duration: [add_business_time(HOURS, s, d) for s in subset_local], len(subset)
        )
        offset = pd.offsets.CustomBusinessHour(n=target, start="09:00", end="17:00", holidays=nl)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pandas = rate(lambda o=offset: local_naive + o, len(local_naive), repeat=3)
        memory = peak_bytes(lambda d=duration: sla.add_business_time_array(HOURS, starts, d))
        expected = np.array(
            [
                add_business_time(HOURS, s, duration).astimezone(UTC).replace(tzinfo=None)
                for s in subset_local
            ],
            dtype="datetime64[us]",
        )
        same = bool(
            np.array_equal(
                sla.add_business_time_array(HOURS, starts[: len(subset)], duration), expected
            )
        )
        identical = identical and same
        print(
            f"{target:>5}h  {vector:>13,.0f}{scalar:>12,.0f}{pandas:>10,.0f}"
            f"{vector / scalar:>13.0f}x{vector / pandas:>13.0f}x"
            f"{memory / len(starts):>13.1f}  {same}"
        )
    print()
    _others(starts)
    print(f"\narray and scalar deadlines identical on the subset: {identical}")
    return 0 if identical else 1


def _others(starts: np.ndarray) -> None:
    """The other array functions over the same starts."""
    ends = starts + np.timedelta64(3, "D")
    targets = np.resize(np.array(TARGETS, dtype="timedelta64[h]"), starts.shape).astype(
        "timedelta64[us]"
    )
    calls: dict[str, Callable[[], object]] = {
        "add_business_time_array, 4/8/24 h per element": lambda: sla.add_business_time_array(
            HOURS, starts, targets
        ),
        "business_time_between_array": lambda: sla.business_time_between_array(HOURS, starts, ends),
    }
    if hasattr(sla, "is_open_array"):
        calls["is_open_array"] = lambda: sla.is_open_array(HOURS, starts)
        calls["next_open_array"] = lambda: sla.next_open_array(HOURS, starts)
    for name, call in calls.items():
        call()
        per_second = rate(call, len(starts))
        memory = peak_bytes(call)
        print(f"{name:<48}{per_second:>14,.0f}/s{memory / len(starts):>10.1f} B/elem peak")


if __name__ == "__main__":
    raise SystemExit(main())
