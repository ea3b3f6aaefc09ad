"""The workload and the timing that every bench shares, so their figures compare.

Mon-Fri 09:00-17:00 in Amsterdam with Dutch holidays; seeded random starts
over 2025-2026; rates as the best of several runs in CPU time of the process
(the wall clock of a shared machine swings too much).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from servicelevel import BusinessHours

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL")


def random_starts(count: int, seed: int = 2025) -> list[datetime]:
    """``count`` whole-second instants over 2025-2026, in Amsterdam time."""
    rng = random.Random(seed)
    first = datetime(2025, 1, 1, tzinfo=AMS).timestamp()
    last = datetime(2027, 1, 1, tzinfo=AMS).timestamp()
    return [
        datetime.fromtimestamp(rng.uniform(first, last), tz=UTC)
        .astimezone(AMS)
        .replace(microsecond=0)
        for _ in range(count)
    ]


def rate(function: Callable[[], object], count: int, repeat: int = 5) -> float:
    """Best of ``repeat`` runs, in calls per second of CPU time."""
    best = min(_seconds(function) for _ in range(repeat))
    return count / best


def _seconds(function: Callable[[], object]) -> float:
    begin = time.process_time()
    function()
    return time.process_time() - begin
