"""Columnar statuses (NumPy engine) against the scalar path, in one run.

Workload: a policy with a target for every metric (business and calendar
clocks, warnings, escalations, a 24/7 phone line, live chat measured as e-mail
when closed) on Dutch office hours with NL holidays; 10^6 contacts of every
channel and priority received at random whole seconds in the 30 days before
``at``, without events, given as coded columns (as a pandas ``Categorical``
holds them) and, for a second figure, as object columns of names.

Run it with:

    pip install -e ".[dev]"
    python bench/bench_columnar.py            # --contacts N, --events N (events per contact)

It prints contacts per second of CPU time (best of ``--repeat`` runs) for
``status_columns`` and for ``status_columns_scalar`` (``breach_status`` per
row, on a sample of ``--sample`` contacts), their ratio, the figure with
``--events`` events per contact (an agent reply, a wait on the customer, a
customer message, a second reply) and the memory: the tracemalloc peak per
contact beyond the input and output columns. Targets (issue 13): the status of
10^6 contacts without events under 100 ms on one core, about 40 bytes per
contact.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np

from servicelevel import BusinessHours, Channel, Priority, ServiceLevelPolicy, Target
from servicelevel._columnar import (
    Coded,
    ContactColumns,
    EventColumns,
    StatusColumns,
    status_columns,
    status_columns_scalar,
)
from servicelevel._columnar_engine import Engine

HOURS = BusinessHours.weekly({"mon-fri": "09:00-17:00"}, tz="Europe/Amsterdam", holidays="NL")
POLICY = ServiceLevelPolicy(
    name="desk",
    hours=HOURS,
    channels=list(Channel),
    channel_hours={"phone": BusinessHours.always(tz="Europe/Amsterdam")},
    offline_fallback={"live_chat": "email"},
    targets=[
        Target(metric="first_response", duration="8h", escalations=["0min", "2h"]),
        Target(metric="first_response", priority="urgent", duration="1h", clock="calendar"),
        Target(metric="first_response", channel="live_chat", duration="5min"),
        Target(metric="next_response", duration="4h"),
        Target(metric="periodic_update", duration="16h"),
        Target(metric="requester_wait", duration="24h"),
        Target(metric="agent_work", duration="16h", warnings=[{"share": 0.5}, {"share": 0.75}]),
        Target(metric="resolution", duration="40h", clock="calendar"),
        Target(metric="total_resolution", duration="80h", escalations=["1h"]),
    ],
)
AT = datetime(2025, 11, 20, 15, tzinfo=UTC)
SHARES = [0.24, 0.14, 0.34, 0.08, 0.11, 0.06, 0.03]  # the channels, as the generator draws them
KINDS = ("agent_reply", "waiting_on_customer", "customer_message", "agent_reply")


def contacts(count: int, *, coded: bool = True, seed: int = 2025) -> ContactColumns:
    rng = np.random.default_rng(seed)
    at = int(np.datetime64(AT.replace(tzinfo=None), "s").astype(np.int64))
    seconds = rng.integers(at - 30 * 86_400, at, count)
    received = (seconds * 1_000_000).astype("datetime64[us]")
    channels = rng.choice(len(Channel), size=count, p=SHARES).astype(np.int8)
    priorities = rng.choice(4, size=count, p=[0.15, 0.6, 0.2, 0.05]).astype(np.int8)
    if coded:
        return ContactColumns(
            received_at=received,
            channel=Coded(channels, [str(c) for c in Channel]),
            priority=Coded(priorities, [str(p) for p in Priority]),
        )
    return ContactColumns(
        received_at=received,
        channel=np.array([str(c) for c in Channel], dtype=object)[channels],
        priority=np.array([str(p) for p in Priority], dtype=object)[priorities],
    )


def events(columns: ContactColumns, per_contact: int, seed: int = 7) -> EventColumns:
    """``per_contact`` events per contact, minutes to hours apart, all before ``AT``."""
    count = len(columns)
    rng = np.random.default_rng(seed)
    received = columns.received_at.view(np.int64)
    gaps = rng.integers(60, 4 * 3600, size=(count, per_contact)) * 1_000_000
    times = received[:, None] + np.cumsum(gaps, axis=1)
    return EventColumns(
        contact=np.repeat(np.arange(count, dtype=np.int64), per_contact),
        kind=np.tile(np.array(KINDS[:per_contact], dtype=object), count),
        at=times.reshape(-1).view("datetime64[us]"),
    )


def seconds(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        begin = time.process_time()
        function()
        best = min(best, time.process_time() - begin)
    return best


def arrays(columns: Any) -> list[Any]:
    """The arrays a dataclass of columns holds (its fields)."""
    found = [getattr(columns, field.name) for field in dataclasses.fields(columns)]
    return [value for value in found if isinstance(value, np.ndarray)]


def output_bytes(found: StatusColumns) -> int:
    held = arrays(found) + arrays(found.errors)
    for columns in found.metrics.values():
        held += arrays(columns)
    return sum(array.nbytes for array in held)


def floor(count: int) -> float:
    """Seconds to allocate the output columns and write each once: the least any engine
    that returns them can take."""

    def write() -> None:
        kept = []  # all alive at once, as the answer's columns are
        for _ in range(8):  # per metric: seven 8-byte columns and two 1-byte codes
            for dtype, columns in ((np.int64, 7), (np.int8, 2)):
                for _ in range(columns):
                    column = np.empty(count, dtype=dtype)
                    column.fill(1)
                    kept.append(column)

    return seconds(write, 3)


def memory(columns: ContactColumns) -> float:
    """The tracemalloc peak per contact beyond the output columns (the input exists before)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    found = status_columns(POLICY, columns, AT)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - output_bytes(found)) / len(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--events", type=int, default=4)
    parser.add_argument("--event-contacts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    count = options.contacts
    coded = contacts(count)
    status_columns(POLICY, contacts(1000), AT)  # warm the caches of the hours
    columnar = seconds(lambda: status_columns(POLICY, coded, AT), options.repeat)
    named = seconds(lambda: status_columns(POLICY, contacts(count, coded=False), AT), 1)
    sample = contacts(options.sample)
    scalar = seconds(lambda: status_columns_scalar(POLICY, sample, AT), 1)
    fast, slow = count / columnar, options.sample / scalar
    print(f"status, {count:,} contacts without events, coded columns:")
    print(f"  columnar {columnar * 1000:8.1f} ms   {fast:12,.0f} contacts/s")
    print(f"  scalar   {count / slow * 1000:8.1f} ms   {slow:12,.0f} contacts/s (sample)")
    print(f"  ratio    {fast / slow:8.1f}x   (target: under 100 ms)")
    print(f"  floor: writing the output columns once takes {floor(count) * 1000:.1f} ms")
    print(f"  object columns of names: {named * 1000:.1f} ms {count / named:12,.0f} contacts/s")
    print(f"  memory: {memory(coded):.1f} bytes per contact beyond the output (target: ~40)")
    found = status_columns(POLICY, coded, AT)
    table = seconds(lambda: found.build_cycles(), 1)
    print(f"  + the long cycle table, on first use: {table * 1000:.1f} ms")
    objects = (
        seconds(
            lambda: [
                (c.state, c.level) for c in status_columns(POLICY, coded, AT).metrics.values()
            ],
            1,
        )
        - columnar
    )
    print(f"  + every state and level as objects, on first use: {objects * 1000:.1f} ms")
    with_events = contacts(options.event_contacts)
    history = events(with_events, options.events)
    engine = Engine(POLICY, with_events, AT, history)
    took = seconds(engine.run, 1)
    print(
        f"with {options.events} events per contact ({options.event_contacts:,} contacts): "
        f"{options.event_contacts / took:12,.0f} contacts/s, "
        f"{engine.scalar_rows:,} rows by the scalar path"
    )


if __name__ == "__main__":
    main()
