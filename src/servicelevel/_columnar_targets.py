"""The targets of the columnar engine as small NumPy tables, one per metric.

The engine numbers every combination of plan, policy and priority a *group*
(``plan * width + policy * 4 + priority``); a metric's targets become rows of
tables indexed by group, so that looking a target up for a million contacts
is one ``take`` per column, and a change of priority or policy is a change of
group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from servicelevel import _clocks
from servicelevel._columnar import LEVEL_CODE, STATE_CODE, Ints
from servicelevel._instants import ONE_US
from servicelevel._policy import Target
from servicelevel._status import SlaState, level_name
from servicelevel._vocabulary import Clock, Wait

__all__ = ["NEVER", "NEXT_DEADLINE", "NEXT_NONE", "NEXT_OTHER", "TargetTables", "target_tables"]

#: A threshold no clock reaches: a position past a group's last warning or escalation.
NEVER = np.iinfo(np.int64).max
#: What the next level of a running cycle is.
NEXT_DEADLINE, NEXT_OTHER, NEXT_NONE = range(3)


@dataclass(frozen=True, slots=True)
class TargetTables:
    """One metric's targets as tables indexed by group.

    ``kinds``, ``shares``, ``lefts`` and ``needs`` describe the warnings per
    position (kind 0: none, 1: a share, 2: time left; ``need`` is the clock
    time used when the warning falls); ``escalations`` hold the time after the
    deadline per position (-1: none).

    For a cycle from receipt, every level is a *threshold* on the clock: the
    warnings' needs, the duration (the breach), the duration plus each
    escalation's time after it. ``warned_at`` holds the warnings' needs,
    earliest first, and ``escalated_at`` the escalations' thresholds, both
    :data:`NEVER` past a group's last. Per level name (the index into
    ``names``), ``states`` holds the state of a running cycle at that level and
    ``next_at`` the threshold of the level after it (:data:`NEVER`: none) and
    ``next_kind`` what that is: :data:`NEXT_DEADLINE` (the target itself),
    :data:`NEXT_OTHER` (a warning or an escalation) or :data:`NEXT_NONE`.
    """

    has: npt.NDArray[np.bool_]
    duration: Ints
    business: npt.NDArray[np.bool_]
    kinds: Ints  # [group, position]
    shares: npt.NDArray[np.float64]
    lefts: Ints
    needs: Ints
    escalations: Ints  # [group, position]
    warning_count: Ints  # [group]: its warnings (the level of the breach is one more)
    names: npt.NDArray[np.int8]  # level codes, flat
    offsets: Ints  # [group]: where its level names start in ``names``
    pauses: Ints  # [group]: the statuses in which the clock stops (_clocks' mask)
    new_cycle: npt.NDArray[np.bool_]  # [group]: a reopening starts a new cycle
    warned_at: Ints  # [group, position]
    escalated_at: Ints  # [group, position]
    target: Ints  # [group]: the same number for groups with the same target
    states: npt.NDArray[np.int8]  # flat, as ``names``
    next_at: Ints  # flat, as ``names``
    next_kind: npt.NDArray[np.int8]  # flat, as ``names``


def target_tables(targets: Sequence[Target | None]) -> TargetTables:
    """The tables of one metric's targets, one per group (None: no target)."""
    # At least one position: a due date alone warns at 80%.
    width = max((len(t.warnings) for t in targets if t is not None), default=1) or 1
    depth = max((len(t.escalations) for t in targets if t is not None), default=0)
    size = len(targets)
    kinds = np.zeros((size, width), dtype=np.int64)
    shares = np.zeros((size, width))
    lefts = np.zeros((size, width), dtype=np.int64)
    needs = np.zeros((size, width), dtype=np.int64)
    escalations = np.full((size, depth), -1, dtype=np.int64)
    names: list[int] = []
    states: list[int] = []
    next_at: list[int] = []
    offsets = np.zeros(size, dtype=np.int64)
    for group, target in enumerate(targets):
        offsets[group] = len(names)
        if target is None:
            names.append(-1)
            states.append(STATE_CODE[SlaState.NOT_APPLICABLE])
            next_at.append(NEVER)
            continue
        duration = target.duration // ONE_US
        for position, warning in enumerate(target.warnings):
            if warning.share is not None:
                kinds[group, position], shares[group, position] = 1, warning.share
                needs[group, position] = _clocks.share_used(warning.share, duration)
            else:
                left = (warning.left or _ZERO) // ONE_US
                kinds[group, position], lefts[group, position] = 2, left
                needs[group, position] = duration - left
        for position, after in enumerate(target.escalations):
            escalations[group, position] = after // ONE_US
        levels = len(target.warnings) + len(target.escalations) + 2
        names.extend(LEVEL_CODE[level_name(level, len(target.warnings))] for level in range(levels))
        states.extend(_states(len(target.warnings), levels))
        next_at.extend(_thresholds(target, sorted(needs[group, : len(target.warnings)])))
    durations = np.array([1 if t is None else t.duration // ONE_US for t in targets])
    warning_count = (kinds > 0).sum(axis=1).astype(np.int64)
    warned_at = np.sort(np.where(kinds > 0, needs, NEVER), axis=1)
    escalated_at = np.where(escalations >= 0, durations[:, None] + escalations, NEVER)
    return TargetTables(
        has=np.array([t is not None for t in targets], dtype=np.bool_),
        duration=durations,
        business=np.array([t is not None and t.clock is not Clock.CALENDAR for t in targets]),
        kinds=kinds,
        shares=shares,
        lefts=lefts,
        needs=needs,
        escalations=escalations,
        warning_count=warning_count,
        names=np.array(names, dtype=np.int8),
        offsets=offsets,
        pauses=np.array([_pauses(t) for t in targets], dtype=np.int64),
        new_cycle=np.array([t is not None and t.reopen_starts_new_cycle for t in targets]),
        warned_at=warned_at,
        escalated_at=escalated_at,
        target=_numbered(targets),
        states=np.array(states, dtype=np.int8),
        next_at=np.array(next_at, dtype=np.int64),
        next_kind=_next_kinds(np.array(next_at, dtype=np.int64), durations, offsets),
    )


def _next_kinds(next_at: Ints, durations: Ints, offsets: Ints) -> npt.NDArray[np.int8]:
    """Per level name: whether the next level is the deadline, another or none."""
    group = np.searchsorted(offsets, np.arange(next_at.size), side="right") - 1
    kinds = np.full(next_at.size, NEXT_OTHER, dtype=np.int8)
    kinds[next_at == durations[group]] = NEXT_DEADLINE
    kinds[next_at == NEVER] = NEXT_NONE
    return kinds


def _numbered(targets: Sequence[Target | None]) -> Ints:
    """A number per target, the same for equal targets."""
    numbers: dict[Target | None, int] = {}
    return np.array([numbers.setdefault(t, len(numbers)) for t in targets], dtype=np.int64)


def _states(warnings: int, levels: int) -> list[int]:
    """The state of a running cycle at each level: on track, at risk, breached."""
    return [
        STATE_CODE[SlaState.ON_TRACK if not level else SlaState.AT_RISK]
        if level <= warnings
        else STATE_CODE[SlaState.BREACHED]
        for level in range(levels)
    ]


def _thresholds(target: Target, needs: list[int]) -> list[int]:
    """Per level, the clock time at which the next one falls (:data:`NEVER`: none):
    the warnings' needs, the duration, the duration plus each escalation's time."""
    duration = target.duration // ONE_US
    later = [duration + after // ONE_US for after in target.escalations]
    return [*needs, duration, *later, NEVER]


def _pauses(target: Target | None) -> int:
    mask = _clocks.ALWAYS_STOPPED
    for wait in () if target is None else target.pauses_on:
        mask |= _clocks.PAUSE_ON_CUSTOMER if wait is Wait.WAITING_ON_CUSTOMER else 0
        mask |= _clocks.PAUSE_ON_THIRD_PARTY if wait is Wait.WAITING_ON_THIRD_PARTY else 0
    return mask


_ZERO = ONE_US * 0
