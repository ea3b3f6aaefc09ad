"""A seeded generator of realistic contacts, for notebooks, docs and tests (needs ``pandas``).

:func:`generate_contacts` draws a year of contacts of a Dutch web shop: arrivals
per hour, weekday and month (office-hour peaks, evening peaks for e-mail,
social media and messaging, a busy December), every channel, agent replies,
waits on the customer or a third party, customer replies, resolutions,
reopenings, cancellations (abandoned calls and chats, spam) and priority
changes. It returns two frames: one row per contact, and a long table of
events keyed by ``contact_id``. The same seed gives the same frames.

With ``bad_rows`` a share of the contacts is spoilt the way real exports are
(a naive ``received_at``, an unknown channel, an event before receipt), so
that error reporting has something to report. :func:`contacts_from_frames`
turns the frames into :class:`~servicelevel.Contact` objects: the scalar
reference for anything columnar.

Example:
    >>> from servicelevel.synthetic import contacts_from_frames, generate_contacts
    >>> contacts, events = generate_contacts(200, seed=7)
    >>> list(contacts.columns)
    ['contact_id', 'channel', 'priority', 'received_at', 'region', 'organisation', 'tags']
    >>> list(events.columns)
    ['contact_id', 'kind', 'at', 'priority', 'reason', 'group']
    >>> str(contacts["received_at"].dt.tz)
    'Europe/Amsterdam'
    >>> len(contacts_from_frames(contacts, events))
    200
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

try:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "servicelevel.synthetic needs pandas and numpy: pip install 'servicelevel[pandas]'"
    ) from error

from servicelevel._contact import Contact, EventKind
from servicelevel._errors import ArgumentTypeError, LimitExceededError
from servicelevel._vocabulary import Channel, Priority
from servicelevel._zones import zone

__all__ = ["contacts_from_frames", "generate_contacts"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

_US = 1_000_000
_MINUTE = 60 * _US
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR

_CHANNELS = tuple(Channel)
_PRIORITIES = tuple(Priority)
_KINDS = tuple(EventKind)
_P = {kind: index for index, kind in enumerate(_KINDS)}

# Channel shares and per-channel behaviour, in the order of ``Channel``:
# phone, live_chat, email, social_media, messaging, self_service, in_person.
_SHARE = np.array([0.24, 0.14, 0.34, 0.08, 0.11, 0.06, 0.03])
_REPLY_MEDIAN_MIN = np.array([1.5, 1.0, 180.0, 45.0, 25.0, 300.0, 4.0])
_CANCEL = np.array([0.10, 0.06, 0.02, 0.03, 0.02, 0.01, 0.0])
_CANCEL_REASON = np.array([0, 0, 1, 1, 1, 2, 0])  # abandoned, spam, duplicate
_REASONS = ("abandoned", "spam", "duplicate")
_SYNC = np.array([channel.is_synchronous for channel in _CHANNELS])
# When agents answer: (first hour, end hour, Monday to Friday only).
_STAFFED = np.array(
    [[8, 20, 0], [8, 22, 0], [8, 18, 1], [8, 22, 0], [8, 22, 0], [8, 18, 1], [8, 20, 0]]
)

_OFFICE = np.array([0, 0, 0, 0, 0, 0, 0, 0, 6, 10, 11, 10, 8, 9, 10, 9, 8, 6, 3, 1, 0, 0, 0, 0.0])
_EVENING = np.array(
    [1, 0.6, 0.3, 0.2, 0.2, 0.4, 1, 3, 6, 8, 8, 7, 7, 7, 7, 6, 6, 6, 7, 9, 10, 9, 6, 3.0]
)
_HOURLY = np.array([_OFFICE, _OFFICE, _EVENING, _EVENING, _EVENING, _EVENING, _OFFICE])
_WEEKDAYS = np.array(
    [
        [1.3, 1.1, 1.0, 1.0, 1.0, 0.3, 0.0],  # phone: closed on Sunday
        [1.2, 1.1, 1.0, 1.0, 1.0, 0.5, 0.3],
        [1.3, 1.1, 1.0, 1.0, 0.9, 0.7, 0.8],
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.2],
        [1.1, 1.0, 1.0, 1.0, 1.0, 0.9, 0.9],
        [1.2, 1.0, 1.0, 1.0, 0.9, 0.7, 0.8],
        [0.8, 1.0, 1.0, 1.1, 1.3, 1.5, 0.0],  # shops: busiest on Saturday
    ]
)
_MONTHS = np.array([1.1, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.9, 1.0, 1.3, 1.5])
_PRIORITY_SHARE = np.array([0.15, 0.6, 0.2, 0.05])
_REGIONS: tuple[str, ...] = (
    "Noord-Holland",
    "Zuid-Holland",
    "Utrecht",
    "Noord-Brabant",
    "Gelderland",
)
_REGIONS += ("Overijssel", "Limburg", "Groningen", "Friesland", "Flevoland")
_REGION_SHARE = np.array([0.18, 0.21, 0.08, 0.15, 0.12, 0.07, 0.06, 0.04, 0.04, 0.05])
_ORGANISATIONS: tuple[str, ...] = (
    "",
    "Bakkerij de Vries",
    "Fietsenmaker Jansen",
    "Van Dijk Logistiek",
)
_ORGANISATIONS += ("Gemeente Zwolle", "Hogeschool Delft", "ACME")
_ORGANISATION_SHARE = np.array([0.82, 0.04, 0.03, 0.04, 0.02, 0.02, 0.03])
_TAGS = ("order", "delivery", "return", "refund", "invoice", "account", "complaint", "vip")
_TAG_SHARE = np.array([0.25, 0.25, 0.12, 0.1, 0.1, 0.08, 0.07, 0.03])
_GROUPS = ("first line", "second line", "billing")
_BAD_CHANNEL = "fax"


def generate_contacts(
    count: int,
    *,
    seed: int,
    year: int = 2025,
    tz: str = "Europe/Amsterdam",
    bad_rows: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``count`` contacts received in ``year`` (local time in ``tz``) and their events.

    The contacts frame has ``contact_id`` (1, 2, ... in order of receipt),
    ``channel``, ``priority``, ``received_at`` (aware, in ``tz``), ``region``,
    ``organisation`` (empty for consumers) and ``tags`` (comma-separated).
    The events frame has ``contact_id``, ``kind``, ``at`` (aware, in ``tz``)
    and the fields some kinds need (``priority``, ``reason``, ``group``;
    missing elsewhere), ordered by contact and time. Without ``bad_rows``
    every contact validates as a :class:`~servicelevel.Contact`.

    ``bad_rows`` (a share, e.g. ``0.001``) spoils that many contacts, at least
    one when it is above 0, in turn with a naive ``received_at`` (the column
    then holds ``pandas.Timestamp`` objects), the unknown channel ``"fax"``,
    or an event an hour or two before receipt.

    Example:
        >>> contacts, events = generate_contacts(1000, seed=1, bad_rows=0.003)
        >>> sorted(contacts["channel"].unique())[:3]
        ['email', 'fax', 'in_person']
        >>> int(contacts["received_at"].map(lambda at: at.tzinfo is None).sum())
        1
    """
    _check_arguments(count, seed, year, bad_rows)
    zone(tz)  # an unknown zone is an UnknownTimeZoneError, as everywhere
    rng = np.random.default_rng(seed)
    channels = rng.choice(len(_CHANNELS), size=count, p=_SHARE)
    received = _arrivals(rng, channels, year, tz)
    order = np.argsort(received, kind="stable")
    channels, received = channels[order], received[order]
    contacts = _contact_columns(rng, channels)
    slots = _Slots(rng, channels, received, tz)
    slots.conversation(contacts["priority"])
    bad = _choose_bad(rng, count, bad_rows)
    slots.before_receipt(bad[2::3])
    events = slots.frame(tz)
    frame = pd.DataFrame(
        {
            "contact_id": np.arange(1, count + 1, dtype=np.int64),
            "channel": np.array([str(c) for c in _CHANNELS], dtype=object)[channels],
            "priority": np.array([str(p) for p in _PRIORITIES], dtype=object)[contacts["priority"]],
            "received_at": _aware(received, tz),
            "region": np.array(_REGIONS, dtype=object)[contacts["region"]],
            "organisation": np.array(_ORGANISATIONS, dtype=object)[contacts["organisation"]],
            "tags": contacts["tags"],
        }
    )
    return _spoil(frame, bad), events


def _check_arguments(count: int, seed: int, year: int, bad_rows: float) -> None:
    for name, value in (("count", count), ("seed", seed), ("year", year)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ArgumentTypeError.for_argument(name, "int", value)
    if count < 0:
        raise LimitExceededError(f"count must be 0 or more, not {count}.")
    if not 1971 <= year <= 9998:
        raise LimitExceededError(f"year must be between 1971 and 9998, not {year}.")
    if not 0.0 <= bad_rows <= 1.0:
        raise LimitExceededError(
            f"bad_rows is a share of the contacts, between 0 and 1 (0.001 for one in a "
            f"thousand), not {bad_rows}."
        )


def _arrivals(rng: np.random.Generator, channels: Ints, year: int, tz: str) -> Ints:
    """UTC microseconds of receipt: an hour of the year drawn per channel, then a moment in it."""
    first = np.datetime64(f"{year}-01-01", "D")
    days = np.arange(first, np.datetime64(f"{year + 1}-01-01", "D"))
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    local = np.empty(len(channels), dtype=np.int64)
    for code in range(len(_CHANNELS)):
        chosen = np.flatnonzero(channels == code)
        weights = np.outer(_MONTHS[month] * _WEEKDAYS[code][weekday], _HOURLY[code]).ravel()
        hours = rng.choice(weights.size, size=chosen.size, p=weights / weights.sum())
        local[chosen] = (days[0].astype(np.int64) * 24 + hours) * _HOUR
    local += rng.integers(0, 3600, size=len(channels)) * _US
    return _to_utc(local, tz, rng.random(len(channels)) < 0.5)


def _to_utc(local: Ints, tz: str, dst: Bools | None = None) -> Ints:
    """Wall-clock microseconds in ``tz`` as UTC microseconds; a time in a DST gap moves on."""
    ambiguous = np.zeros(len(local), dtype=bool) if dst is None else dst
    index = pd.DatetimeIndex(local.astype("datetime64[us]")).tz_localize(
        tz, ambiguous=ambiguous, nonexistent="shift_forward"
    )
    return np.asarray(index.as_unit("us").asi8, dtype=np.int64)


def _to_local(utc: Ints, tz: str) -> Ints:
    index = pd.DatetimeIndex(utc.astype("datetime64[us]")).tz_localize("UTC").tz_convert(tz)
    return np.asarray(index.tz_localize(None).as_unit("us").asi8, dtype=np.int64)


def _aware(utc: Ints, tz: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(utc.astype("datetime64[us]")).tz_localize("UTC").tz_convert(tz)


def _contact_columns(rng: np.random.Generator, channels: Ints) -> dict[str, Any]:
    n = len(channels)
    tag_draws = rng.choice(len(_TAGS), size=(n, 2), p=_TAG_SHARE)
    tag_count = rng.choice(3, size=n, p=[0.3, 0.55, 0.15])
    names = np.array(_TAGS, dtype=object)
    first, second = names[tag_draws[:, 0]], names[tag_draws[:, 1]]
    both = np.where(tag_draws[:, 0] == tag_draws[:, 1], first, first + "," + second)
    tags = np.where(tag_count == 0, "", np.where(tag_count == 1, first, both))
    return {
        "priority": rng.choice(len(_PRIORITIES), size=n, p=_PRIORITY_SHARE),
        "region": rng.choice(len(_REGIONS), size=n, p=_REGION_SHARE),
        "organisation": rng.choice(len(_ORGANISATIONS), size=n, p=_ORGANISATION_SHARE),
        "tags": tags.astype(object),
    }


def _choose_bad(rng: np.random.Generator, count: int, share: float) -> Ints:
    if share == 0 or count == 0:
        return np.empty(0, dtype=np.int64)
    wanted = min(count, max(1, round(count * share)))
    return np.asarray(rng.choice(count, size=wanted, replace=False), dtype=np.int64)


def _spoil(frame: pd.DataFrame, bad: Ints) -> pd.DataFrame:
    """Naive receipts for every third bad row, the channel 'fax' for the next third."""
    naive, unknown = bad[0::3], bad[1::3]
    if len(unknown):
        frame.loc[unknown, "channel"] = _BAD_CHANNEL
    if len(naive):
        received = frame["received_at"].astype(object)
        received[naive] = [received[row].tz_localize(None) for row in naive]
        frame["received_at"] = received
    return frame


class _Slots:
    """The events of every contact as a matrix: one column per possible event.

    Each column has a kind, a time and whether it happened; times never
    decrease along a row, so the happened events, read row by row, are a
    valid conversation.
    """

    def __init__(self, rng: np.random.Generator, channels: Ints, received: Ints, tz: str) -> None:
        self.rng, self.channels, self.received, self.tz = rng, channels, received, tz
        self.n = len(channels)
        self.kinds: list[Ints] = []
        self.times: list[Ints] = []
        self.present: list[Bools] = []
        self.values: dict[str, list[Ints]] = {"priority": [], "reason": [], "group": []}
        self.last = received.copy()

    def add(self, kind: EventKind | Ints, times: Ints, present: Bools, **values: Ints) -> Ints:
        """One column of events; the time is floored to the second and never before the last."""
        times = np.maximum(times // _US * _US, self.last)
        kinds = np.full(self.n, _P[kind]) if isinstance(kind, EventKind) else kind
        self.kinds.append(kinds)
        self.times.append(times)
        self.present.append(present)
        for name, column in self.values.items():
            column.append(values.get(name, np.full(self.n, -1)))
        self.last = np.where(present, times, self.last)
        return times

    def delay(self, median_minutes: Floats | float, sigma: float = 1.0) -> Ints:
        """Log-normal delays in microseconds around ``median_minutes``."""
        minutes = np.exp(self.rng.normal(np.log(median_minutes), sigma, self.n))
        return (minutes * _MINUTE).astype(np.int64)

    def chance(self, p: Floats | float) -> Bools:
        return np.asarray(self.rng.random(self.n) < p, dtype=np.bool_)

    def staffed(self, times: Ints) -> Ints:
        """``times`` moved to the next staffed hour of each channel (asynchronous channels)."""
        first, last, weekdays = (_STAFFED[self.channels, i] for i in range(3))
        local = _to_local(times, self.tz)
        day, clock = local // _DAY, local % _DAY
        weekend = (weekdays == 1) & ((day + 3) % 7 >= 5)
        staffed = (clock >= first * _HOUR) & (clock < last * _HOUR) & ~weekend
        later = np.where(clock < first * _HOUR, day, day + 1)
        weekday = (later + 3) % 7  # 0 is Monday
        later += np.where((weekdays == 1) & (weekday >= 5), 7 - weekday, 0)
        start = later * _DAY + first * _HOUR + self.rng.integers(0, 180, self.n) * _MINUTE
        moved = _to_utc(start, self.tz)
        return np.where(staffed, times, np.maximum(moved, times))

    def reply(self, after: Ints, present: Bools) -> Ints:
        delay = self.delay(_REPLY_MEDIAN_MIN[self.channels])
        return self.add(EventKind.AGENT_REPLY, self.staffed(after + delay), present)

    def conversation(self, priorities: Ints) -> None:
        """Cancellation, or assignment, replies, waits, resolution and a reopening."""
        channels, received = self.channels, self.received
        self.add(EventKind.CUSTOMER_MESSAGE, received, np.zeros(self.n, dtype=bool))
        cancelled = self.chance(_CANCEL[channels])
        reason = _CANCEL_REASON[channels]
        self.add(EventKind.CANCELLED, received + self.delay(3.0), cancelled, reason=reason)
        alive = ~cancelled
        self.add(
            EventKind.ASSIGNED,
            received + self.delay(2.0),
            alive & self.chance(0.3),
            group=self.rng.choice(len(_GROUPS), size=self.n, p=[0.6, 0.25, 0.15]),
        )
        self.reply(received, alive)
        shift = self.rng.integers(1, len(_PRIORITIES), size=self.n)
        changed = (priorities + shift) % len(_PRIORITIES)
        self.add(
            EventKind.PRIORITY_CHANGED,
            self.last + self.delay(20.0),
            alive & self.chance(0.06),
            priority=changed,
        )
        self.add(EventKind.INTERNAL_NOTE, self.last + self.delay(10.0), alive & self.chance(0.15))
        going = alive & self.chance(np.where(_SYNC[channels], 0.3, 0.6))
        for _ in range(2):
            going = self.round(going)
        resolved = alive & self.chance(0.93)
        after_wait = np.where(going, 3 * 24 * 60.0, np.where(_SYNC[channels], 3.0, 120.0))
        self.add(
            EventKind.RESOLVED, self.staffed(self.last + self.delay(after_wait, 0.5)), resolved
        )
        self.reopening(resolved & self.chance(0.06))

    def round(self, going: Bools) -> Bools:
        """A wait, the answer that ends it, and the agent's reply; True where it goes on."""
        on_third_party = self.chance(0.15)
        wait = np.where(
            on_third_party, _P[EventKind.WAITING_ON_THIRD_PARTY], _P[EventKind.WAITING_ON_CUSTOMER]
        )
        self.add(wait, self.last + self.delay(1.0), going)
        answered = going & self.chance(0.8)
        back = np.where(on_third_party, _P[EventKind.OPEN], _P[EventKind.CUSTOMER_MESSAGE])
        self.add(back, self.last + self.delay(np.where(on_third_party, 1440.0, 360.0)), answered)
        self.reply(self.last, answered)
        unanswered = going & ~answered
        return unanswered | (answered & self.chance(0.35))

    def reopening(self, reopened: Bools) -> None:
        self.add(EventKind.CUSTOMER_MESSAGE, self.last + self.delay(2 * 24 * 60.0), reopened)
        self.add(EventKind.REOPENED, self.last + self.delay(2.0), reopened)
        self.reply(self.last, reopened)
        again = reopened & self.chance(0.9)
        self.add(EventKind.RESOLVED, self.staffed(self.last + self.delay(240.0)), again)

    def before_receipt(self, rows: Ints) -> None:
        """A customer message an hour or two before receipt (a time-zone mistake)."""
        offsets = self.rng.integers(60, 180, size=len(rows)) * _MINUTE
        self.times[0][rows] = self.received[rows] - offsets
        self.present[0][rows] = True

    def frame(self, tz: str) -> pd.DataFrame:
        present = np.column_stack(self.present)
        rows, columns = np.nonzero(present)

        def take(matrix: list[Ints]) -> Ints:
            return np.asarray(np.column_stack(matrix)[rows, columns], dtype=np.int64)

        return pd.DataFrame(
            {
                "contact_id": rows.astype(np.int64) + 1,
                "kind": np.array([str(k) for k in _KINDS], dtype=object)[take(self.kinds)],
                "at": _aware(take(self.times), tz),
                "priority": _names([str(p) for p in _PRIORITIES], take(self.values["priority"])),
                "reason": _names(_REASONS, take(self.values["reason"])),
                "group": _names(_GROUPS, take(self.values["group"])),
            }
        )


def _names(names: Sequence[str], codes: Ints) -> Any:
    """Names for codes, missing (NaN) for -1; categorical, so the dtype never depends on the draw."""
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(list(names)))


def contacts_from_frames(
    contacts: pd.DataFrame, events: pd.DataFrame, *, skip_invalid: bool = False
) -> list[Contact]:
    """One :class:`~servicelevel.Contact` per row of ``contacts``, with its events.

    Columns as :func:`generate_contacts` writes them: ``region``,
    ``organisation`` and ``tags`` (when present and not empty) become
    attributes. Events are matched on ``contact_id`` and kept in their order.
    A row that does not validate raises pydantic's ``ValidationError`` with a
    note naming its ``contact_id``; with ``skip_invalid`` it is left out
    instead (so the list holds the good rows only).

    Example:
        >>> contacts, events = generate_contacts(3, seed=3)
        >>> contacts_from_frames(contacts, events)[0]
        Contact(phone, low priority, received 2025-01-31 09:28:44+00:00, 2 events, last resolved at 2025-01-31 09:32:04+00:00)
    """
    by_contact = _events_by_contact(events)
    result: list[Contact] = []
    attributes = [name for name in ("region", "organisation", "tags") if name in contacts]
    for row in contacts.to_dict("records"):
        data = {
            "channel": row["channel"],
            "priority": row["priority"],
            "received_at": _datetime(row["received_at"]),
            "attributes": {name: row[name] for name in attributes if _given(row[name])},
            "events": by_contact.get(row["contact_id"], ()),
        }
        try:
            result.append(Contact.model_validate(data))
        except ValueError as error:
            if not skip_invalid:
                error.add_note(f"in the contact with contact_id {row['contact_id']!r}")
                raise
    return result


def _events_by_contact(events: pd.DataFrame) -> dict[Hashable, list[dict[str, Any]]]:
    fields = [name for name in ("priority", "reason", "group") if name in events]
    grouped: dict[Hashable, list[dict[str, Any]]] = {}
    for row in events.to_dict("records"):
        event = {"kind": row["kind"], "at": _datetime(row["at"])}
        event.update({name: row[name] for name in fields if _given(row[name])})
        grouped.setdefault(row["contact_id"], []).append(event)
    return grouped


def _given(value: object) -> bool:
    """Whether a cell holds a value: missing cells are None or NaN, and empty means none."""
    return isinstance(value, str) and value != ""


def _datetime(value: object) -> object:
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
