"""The entry points of :mod:`servicelevel.frames` over ``dask.dataframe`` partitions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from servicelevel._errors import (
    ArgumentTypeError,
)
from servicelevel._frames_output import Statuses
from servicelevel._frames_read import EVENT_COLUMNS, _columns
from servicelevel._frames_select import Policy


def _from_pandas(frame: pd.DataFrame) -> Any:
    import dask.dataframe as dd

    convert: Any = dd.from_pandas
    return convert(frame, npartitions=1)


def _dask_deadlines(contacts: Any, policy: Policy, **options: Any) -> Any:
    """:func:`deadlines` per partition (the meta from the empty frame)."""
    from servicelevel.frames import deadlines

    meta = deadlines(contacts._meta, policy, **options)
    return contacts.map_partitions(deadlines, policy, meta=meta, **options)


def _dask_statuses(contacts: Any, policy: Policy, at: datetime, **options: Any) -> Statuses:
    """:func:`statuses` per partition; the three frames share each partition's work.

    With events, the contacts must be indexed by their ``contact_id`` with known
    divisions: the events go to the partition of their contact."""
    import dask.config
    import dask.dataframe as dd
    from dask.delayed import delayed

    from servicelevel.frames import statuses

    events = options.pop("events")
    contact_parts = contacts.to_delayed()
    event_parts: list[Any] = [None] * len(contact_parts)
    meta_events = None
    if events is not None:
        name = _columns(options.get("event_columns"), EVENT_COLUMNS)["contact_id"]
        if not contacts.known_divisions:
            raise ArgumentTypeError(
                "statuses over Dask frames with events needs the contacts indexed by "
                "contact_id, with known divisions: contacts.set_index('contact_id') (sorted) "
                "first, so that each contact's events go to its partition."
            )
        if isinstance(events, pd.DataFrame):
            events = _from_pandas(events)
        events = events.set_index(name, divisions=list(contacts.divisions)).reset_index()
        event_parts = events.to_delayed()
        meta_events = events._meta
    meta = statuses(contacts._meta, policy, at, events=meta_events, **options)
    parts = [
        delayed(statuses)(part, policy, at, events=found, **options)
        for part, found in zip(contact_parts, event_parts, strict=True)
    ]
    with dask.config.set({"dataframe.convert-string": False}):  # keep the dtypes of pandas
        return Statuses(
            dd.from_delayed(
                [part.frame for part in parts], meta=meta.frame, divisions=contacts.divisions
            ),
            dd.from_delayed([part.cycles for part in parts], meta=meta.cycles),
            dd.from_delayed([part.errors for part in parts], meta=meta.errors),
        )
