"""One cache of per-schedule indexes, for the business-time and working-day indexes.

An index is found by the schedule's identity while that object lives (its
entry is dropped with it), and by value for the most recently used schedules,
so equal schedules (one loaded from JSON per request) share one index. The
by-value entries hold the index's private copy of the schedule, never the
caller's object. Lookups by identity take no lock (one dict read); everything
that changes the cache holds the lock.

Example:
    >>> from servicelevel import BusinessHours
    >>> cache = ScheduleCache(lambda hours: [hours.model_copy()], 2, private=lambda index: index[0])
    >>> hours = BusinessHours.weekly({"mon": "09:00-17:00"}, tz="UTC")
    >>> cache.get(hours) is cache.get(hours.model_copy())
    True
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from threading import Lock
from typing import Any, Generic, TypeVar

from servicelevel._combined import Schedule

__all__ = ["ScheduleCache"]

_T = TypeVar("_T")


class ScheduleCache(Generic[_T]):
    """Indexes built by ``build``, by schedule identity and, for the ``size`` most
    recently used schedules, by value; ``private`` gives an index's own copy of
    its schedule, which keys the by-value entry.
    """

    __slots__ = ("build", "by_id", "by_value", "lock", "private", "refs", "size")

    def __init__(
        self,
        build: Callable[[Schedule], _T],
        size: int,
        *,
        private: Callable[[_T], Schedule],
    ) -> None:
        self.build = build
        self.size = size
        self.private = private
        self.by_id: dict[int, _T] = {}
        self.refs: dict[int, weakref.ref[Schedule]] = {}
        self.by_value: OrderedDict[Schedule, _T] = OrderedDict()
        self.lock = Lock()

    def get(self, hours: Schedule) -> _T:
        """The index of ``hours``, built on first use."""
        found = self.by_id.get(id(hours))
        if found is not None:
            return found
        with self.lock:
            key = id(hours)
            found = self.by_id.get(key)
            if found is not None:
                return found
            found = self.by_value.get(hours)
            if found is None:
                found = self.build(hours)
                self.by_value[self.private(found)] = found
                while len(self.by_value) > self.size:
                    self.by_value.popitem(last=False)
            else:
                self.by_value.move_to_end(hours)
            self.refs[key] = weakref.ref(hours, partial(_forget, key, self.refs, self.by_id))
            self.by_id[key] = found
            return found


def _forget(
    key: int,
    refs: dict[int, weakref.ref[Schedule]],
    by_id: dict[int, Any],
    ref: weakref.ref[Schedule],
) -> None:
    # Runs while the schedule dies, possibly inside a locked section of this
    # thread (a garbage collection): so no lock here. The id cannot be reused
    # before this returns, so the entry is still the dying schedule's. The dicts
    # are bound, not looked up: at interpreter exit module globals are gone.
    if refs.get(key) is ref:  # pragma: no branch - another entry would need another object
        refs.pop(key, None)
        by_id.pop(key, None)
