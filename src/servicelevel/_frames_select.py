"""The policy of each row of a contacts frame, and the deadlines of the metrics that start
at receipt, per policy, channel and priority (for :func:`servicelevel.frames.deadlines`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

import numpy as np
import pandas as pd

from servicelevel import _clocks
from servicelevel._errors import (
    ArgumentTypeError,
)
from servicelevel._frames_read import _NAT, _OBJECT, Ints, Objects, _Contacts, _note
from servicelevel._hours import BusinessHours
from servicelevel._policy import ServiceLevelPolicy, Target
from servicelevel._policy_set import PolicySet
from servicelevel._vocabulary import Channel, Clock, Metric, Priority
from servicelevel.arrays import add_business_time_array, is_open_array

Policy = ServiceLevelPolicy | PolicySet


#: The metrics whose clock starts at receipt: the ones with a deadline on arrival.
_FROM_RECEIPT = (Metric.FIRST_RESPONSE, *(m for m in Metric if m.measures_resolution))


def _policies(policy: Policy) -> tuple[ServiceLevelPolicy, ...]:
    if isinstance(policy, ServiceLevelPolicy):
        return (policy,)
    if isinstance(policy, PolicySet):
        return tuple({id(rule.policy): rule.policy for rule in policy.rules}.values())
    raise ArgumentTypeError.for_argument("policy", "a ServiceLevelPolicy or PolicySet", policy)


def _select(policy: Policy, contacts: _Contacts) -> Ints:
    """The index (into :func:`_policies`) of the policy selected at receipt; -1 for none."""
    good = pd.isna(contacts.errors)
    if isinstance(policy, ServiceLevelPolicy):
        return np.where(good, 0, -1).astype(np.int64)
    spanned = {id(p): index for index, p in enumerate(_policies(policy))}
    names = _condition_attributes(policy)
    key = pd.DataFrame(
        {
            "channel": contacts.channel,
            "priority": contacts.priority,
            **{
                name: contacts.attributes.get(name, np.full(len(good), "", dtype=_OBJECT))
                for name in names
            },
        }
    )
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(key.astype(object)))
    chosen = np.full(len(uniques) + 1, -1, dtype=np.int64)
    for number, values in enumerate(uniques):
        channel, priority, *rest = values
        if channel is None or priority is None:
            continue
        attributes = {name: value for name, value in zip(names, rest, strict=True) if value}
        for rule in policy.rules:
            if rule.when.matches(channel, priority, attributes):
                chosen[number] = spanned[id(rule.policy)]
                break
    selected = chosen[codes]
    _note(
        contacts.errors,
        good & (selected < 0),
        f"no rule of policy set {policy.name!r} matches this contact; add a rule without "
        "conditions at the end",
    )
    return np.where(good, selected, -1)


def _condition_attributes(policy: PolicySet) -> list[str]:
    names: dict[str, None] = {}
    for rule in policy.rules:
        when = rule.when
        for name, used in (("tags", when.tags), ("market", when.markets), ("sector", when.sectors)):
            if used:
                names[name] = None
        names.update(dict.fromkeys(when.attributes))
    return list(names)


def _measured(policies: Sequence[ServiceLevelPolicy], chosen: Ints, contacts: _Contacts) -> Objects:
    """The channel that measures each contact: its own, or the policy's offline
    fallback when it arrived while its channel was closed."""
    measured = contacts.channel.copy()
    for number, policy in enumerate(policies):
        for channel, fallback in policy.offline_fallback.items():
            hours = policy.hours_for(channel)
            rows = np.flatnonzero((chosen == number) & (contacts.channel == channel))
            if not rows.size or not hours.has_openings:
                continue
            closed = ~is_open_array(hours, contacts.received[rows].view("datetime64[us]"))
            measured[rows[closed]] = fallback
    return measured


def _group_rows(
    chosen: Ints, measured: Objects, priority: Objects
) -> dict[tuple[int, Channel, Priority], Ints]:
    """The rows of each (policy, measured channel, priority), for the rows with a policy."""
    codes_c, uniques_c = pd.factorize(measured)
    codes_p, uniques_p = pd.factorize(priority)
    valid = (chosen >= 0) & (codes_c >= 0) & (codes_p >= 0)
    key = (chosen * len(uniques_c) + codes_c) * len(uniques_p) + codes_p
    rows = np.flatnonzero(valid)
    order = rows[np.argsort(key[rows], kind="stable")]
    keys, starts = np.unique(key[order], return_index=True)
    groups: dict[tuple[int, Channel, Priority], Ints] = {}
    stops = np.append(starts[1:], len(order))[: len(starts)]
    for value, start, stop in zip(keys, starts, stops, strict=True):
        rest, p = divmod(int(value), len(uniques_p))
        number, c = divmod(rest, len(uniques_c))
        groups[(number, uniques_c[c], uniques_p[p])] = order[start:stop]
    return groups


def _deadlines_us(target: Target, hours: BusinessHours, received: Ints) -> Ints:
    """The deadlines (UTC microseconds) of ``target`` for contacts received at ``received``."""
    if target.clock is Clock.CALENDAR:
        return np.where(
            received == _NAT, _NAT, received + target.duration // timedelta(microseconds=1)
        )
    if target.clock is Clock.BUSINESS:
        found = add_business_time_array(hours, received.view("datetime64[us]"), target.duration)
        return np.asarray(found).view(np.int64)
    # Working days move by dates in the local calendar: once per distinct receipt.
    line = _clocks.index(hours, working_days=True)
    assert isinstance(line, _clocks.WorkingDays)
    distinct, inverse = np.unique(received, return_inverse=True)
    days, end_of_day = target.duration.days, target.clock is Clock.END_OF_WORKING_DAY
    moved = [_NAT if at == _NAT else line.working(int(at), days, end_of_day) for at in distinct]
    return np.asarray(moved, dtype=np.int64)[inverse]


def _receipt_metrics(
    policies: Sequence[ServiceLevelPolicy], metrics: Sequence[Metric | str] | None
) -> list[Metric]:
    if metrics is not None:
        return [Metric(metric) for metric in metrics]
    used = {t.metric for p in policies for t in p.targets if t.group is None}
    return [metric for metric in _FROM_RECEIPT if metric in used]


def _edited(
    before: Policy, after: Policy | BusinessHours | Mapping[str, str], channel: Channel | str | None
) -> Policy:
    if isinstance(after, ServiceLevelPolicy | PolicySet):
        return after
    if isinstance(before, PolicySet):
        rules = [rule.replace(policy=_edited(rule.policy, after, channel)) for rule in before.rules]
        return before.replace(rules=rules)
    if isinstance(after, BusinessHours):
        return before.with_hours(after, channel)
    if isinstance(after, Mapping):
        from servicelevel._intervals import expand_week

        hours = before.hours if channel is None else before.hours_for(Channel(channel))
        week = hours.week.replace(**expand_week(after))
        return before.with_hours(hours.replace(week=week), channel)
    raise ArgumentTypeError.for_argument(
        "after",
        "a policy, a policy set, BusinessHours or weekly hours such as {'sat': '10:00-14:00'}",
        after,
    )
