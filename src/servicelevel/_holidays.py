"""Public-holiday calendars from the `holidays` package, with the choices of a team.

A calendar is a country (and optional subdivision), the `holidays` categories
it includes (``"public"`` by default; the Netherlands also has ``"optional"``),
holidays it leaves out by name (Dutch shops work on Good Friday), and what to
do for a year the package does not know (by default an error, never a silent
year without holidays).

The package is imported when a calendar is first validated or asked for its
dates, not when `servicelevel` is imported. Holiday names are always asked
for in an explicit language, so they never depend on the machine's locale.

Example:
    >>> from servicelevel import HolidayCalendar
    >>> HolidayCalendar.parse("DE-BY")
    HolidayCalendar(country='DE', subdiv='BY')
    >>> shop = HolidayCalendar(country="NL", exclude=["Good Friday"])
    >>> from datetime import date
    >>> date(2025, 4, 18) in shop.dates(2025), date(2025, 4, 18) in HolidayCalendar.parse("NL").dates(2025)
    (False, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from typing import Any, Literal, Self

from pydantic import ConfigDict, Field, model_validator

from servicelevel._editing import Editable
from servicelevel._errors import (
    HolidayCalendarRangeError,
    UnknownHolidayCalendarError,
    reject_at,
)

__all__ = ["BeyondKnownYears", "HolidayCalendar", "holiday_language"]

#: What a calendar answers for a year the `holidays` package does not know.
BeyondKnownYears = Literal["error", "no_holidays"]
_Lists = Mapping[date, tuple[str, ...]]

#: Most (calendar, year) entries each per-year cache keeps: holiday dates and
#: the package's lists (about 1-2 kB each), and holiday names (only asked for
#: the texts' few upcoming days). Least recently used entries go first, and an
#: evicted year is computed again, to the same answer. A year outside
#: ``known_years`` is never cached. ``functools.lru_cache`` keeps itself
#: consistent under threads (a year may then be computed twice).
MAX_CACHED_YEARS = 1024
MAX_CACHED_NAME_YEARS = 256


class HolidayCalendar(Editable):
    """Public holidays of one country (and optional subdivision) from `holidays`.

    In the compact form a calendar is a string: ``"NL"``, ``"DE-BY"``, ``"US-CA"``.
    The full form adds the team's choices:

    - ``categories``: the `holidays` categories to include, e.g.
      ``["public", "optional"]`` (default ``["public"]``);
    - ``exclude``: holidays to leave out, by name in the calendar's own
      language or in English (``"Good Friday"`` or ``"Goede vrijdag"``, any case);
    - ``beyond_known_years``: ``"error"`` (default) raises
      :class:`~servicelevel.HolidayCalendarRangeError` for a year the package
      does not know (:attr:`known_years`); ``"no_holidays"`` treats such a year
      as one without holidays.

    Example:
        >>> HolidayCalendar.parse("DE-BY")
        HolidayCalendar(country='DE', subdiv='BY')
        >>> HolidayCalendar.parse("NL").known_years
        (1966, 2100)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. 'NL'")
    subdiv: str | None = Field(default=None, description="subdivision code, e.g. 'BY'")
    categories: tuple[str, ...] = Field(
        default=("public",),
        min_length=1,
        description="holidays categories to include, e.g. ['public', 'optional']",
    )
    exclude: tuple[str, ...] = Field(
        default=(), description="holiday names to leave out, e.g. ['Good Friday']"
    )
    beyond_known_years: BeyondKnownYears = Field(
        default="error",
        description="outside the years the calendar knows: raise ('error') or assume "
        "no holidays ('no_holidays')",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            country, _, subdiv = value.strip().partition("-")
            return {"country": country, "subdiv": subdiv or None}
        return value

    @model_validator(mode="after")
    def _known(self) -> Self:
        supported = _supported_countries()
        if self.country not in supported:
            error = UnknownHolidayCalendarError.for_country(self.country, sorted(supported))
            reject_at(("country",), self.country, "unknown_holiday_calendar", str(error))
        if self.subdiv is not None and self.subdiv not in supported[self.country]:
            error = UnknownHolidayCalendarError.for_subdivision(
                self.country, self.subdiv, supported[self.country]
            )
            reject_at(("subdiv",), self.subdiv, "unknown_holiday_calendar", str(error))
        self._check_categories()
        self._check_exclude()
        return self

    def _check_categories(self) -> None:
        categories = _facts(self.country).categories
        for index, category in enumerate(self.categories):
            if category not in categories:
                error = UnknownHolidayCalendarError.for_category(self.country, category, categories)
                reject_at(("categories", index), category, "unknown_holiday_category", str(error))

    def _check_exclude(self) -> None:
        if not self.exclude:
            return
        pairs = _known_names(self.country, self.subdiv, self.categories)
        known = {name.casefold() for pair in pairs for name in pair if name}
        for index, name in enumerate(self.exclude):
            if name.casefold() not in known:
                listed = [
                    own if not english or english == own else f"{own} ({english})"
                    for own, english in pairs
                ]
                choices = [name for pair in pairs for name in pair if name]
                error = UnknownHolidayCalendarError.for_holiday_name(
                    self._code, name, listed, choices
                )
                reject_at(("exclude", index), name, "unknown_holiday_name", str(error))

    @classmethod
    def parse(cls, text: str) -> HolidayCalendar:
        """Parse ``"NL"`` or ``"DE-BY"``."""
        return cls.model_validate(text)

    @property
    def known_years(self) -> tuple[int, int]:
        """The first and last year for which the `holidays` package defines this calendar."""
        facts = _facts(self.country)
        return facts.first_year, facts.last_year

    def knows(self, year: int) -> bool:
        """Whether ``year`` lies within :attr:`known_years`."""
        first, last = self.known_years
        return first <= year <= last

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates of this calendar in ``year``, after its choices.

        Raises :class:`~servicelevel.HolidayCalendarRangeError` for a year
        outside :attr:`known_years` unless ``beyond_known_years="no_holidays"``.
        """
        if not self._answers(year):
            return frozenset()
        return _holiday_dates(self.country, self.subdiv, self.categories, self.exclude, year)

    def names(self, year: int, language: str | None = None) -> Mapping[date, str]:
        """The holidays of ``year`` with their names, in ``language`` (None: the
        calendar's own language). Two holidays on one date are joined by ``"; "``.
        Years outside :attr:`known_years` behave as in :meth:`dates`."""
        if not self._answers(year):
            return {}
        return _holiday_names(
            self.country, self.subdiv, self.categories, self.exclude, year, language
        )

    def left_out(self, language: str | None = None) -> tuple[str, ...]:
        """The names of the holidays :attr:`exclude` leaves out, in ``language``
        (None: the calendar's own language), sorted.

        Example:
            >>> HolidayCalendar(country="NL", exclude=["Good Friday"]).left_out("nl")
            ('Goede vrijdag',)
        """
        dropped = _dropped(self.country, self.subdiv, self.categories, self.exclude)
        if not dropped:
            return ()
        chosen = language or _facts(self.country).language
        names = _translations(self.country, self.subdiv, self.categories, chosen)
        return tuple(sorted({names.get(name, name) for name in dropped}))

    def _answers(self, year: int) -> bool:
        """Whether ``year`` has holidays to look up; raises for an unknown year by default."""
        if self.knows(year):
            return True
        if self.beyond_known_years == "error":
            first, last = self.known_years
            raise HolidayCalendarRangeError.for_year(self._code, year, first, last)
        return False

    @property
    def _code(self) -> str:
        return self.country if self.subdiv is None else f"{self.country}-{self.subdiv}"

    @property
    def _choices(self) -> list[str]:
        choices = []
        if self.categories != ("public",):
            choices.append("+".join(self.categories))
        if self.exclude:
            choices.append("except " + ", ".join(self.exclude))
        if self.beyond_known_years != "error":
            first, last = self.known_years
            choices.append(f"none outside {first}-{last}")
        return choices

    def __str__(self) -> str:
        choices = self._choices
        return self._code + (f" ({'; '.join(choices)})" if choices else "")

    def __repr__(self) -> str:
        fields = [f"country={self.country!r}", f"subdiv={self.subdiv!r}"]
        defaults = HolidayCalendar.model_fields
        for name in ("categories", "exclude", "beyond_known_years"):
            value = getattr(self, name)
            if value != defaults[name].default:
                fields.append(f"{name}={value!r}")
        return f"HolidayCalendar({', '.join(fields)})"

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        first, last = self.known_years
        beyond = "error" if self.beyond_known_years == "error" else "no holidays"
        rows = [
            ("country", self.country),
            ("subdivision", self.subdiv),
            ("categories", ", ".join(self.categories)),
            ("excluded", ", ".join(self.exclude) or None),
            ("known years", f"{first}-{last} (beyond: {beyond})"),
        ]
        return fields(f"HolidayCalendar {self._code}", rows)


class _Facts:
    """What the `holidays` package says about one country's calendar."""

    __slots__ = ("categories", "english", "first_year", "language", "last_year")

    def __init__(self, country: str) -> None:
        import holidays

        calendar = holidays.country_holidays(country)
        self.first_year: int = calendar.start_year
        self.last_year: int = calendar.end_year
        self.categories: tuple[str, ...] = tuple(sorted(calendar.supported_categories))
        self.language: str | None = calendar.default_language
        languages: tuple[str, ...] = calendar.supported_languages
        english = [name for name in languages if name == "en_US"] or [
            name for name in languages if name.startswith("en")
        ]
        self.english: str | None = next((name for name in english if name != self.language), None)


@cache
def _facts(country: str) -> _Facts:
    return _Facts(country)


@cache
def _supported_countries() -> dict[str, list[str]]:
    import holidays

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    return supported


def _materialised(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    years: int | range,
    language: str | None,
) -> _Lists:
    """Each holiday date with the names of its holidays, in a fixed language."""
    # Materialise the years explicitly: holiday objects fill lazily (holidays #323).
    import holidays

    calendar = holidays.country_holidays(
        country, subdiv=subdiv, years=years, categories=categories, language=language
    )
    return {day: tuple(calendar.get_list(day)) for day in sorted(calendar)}


@lru_cache(maxsize=MAX_CACHED_YEARS)
def _lists(
    country: str, subdiv: str | None, categories: tuple[str, ...], year: int, language: str | None
) -> _Lists:
    """One year of :func:`_materialised`."""
    return _materialised(country, subdiv, categories, year, language)


@lru_cache(maxsize=16)
def _all_lists(
    country: str, subdiv: str | None, categories: tuple[str, ...], language: str | None
) -> _Lists:
    """All the known years of :func:`_materialised` (for names, not dates)."""
    facts = _facts(country)
    years = range(facts.first_year, facts.last_year + 1)
    return _materialised(country, subdiv, categories, years, language)


@lru_cache(maxsize=256)
def _translations(
    country: str, subdiv: str | None, categories: tuple[str, ...], language: str | None
) -> Mapping[str, str]:
    """Each holiday name in the calendar's own language with its name in ``language``.

    The package lists the names of one date in alphabetical order, so the
    pairs are found from the dates of the known years: first the dates with a
    single holiday, then the ones with a single name left unpaired.
    """
    facts = _facts(country)
    own = _all_lists(country, subdiv, categories, facts.language)
    if language == facts.language:
        return {name: name for names in own.values() for name in names}
    other = _all_lists(country, subdiv, categories, language)
    pending = [(names, other.get(day, ())) for day, names in own.items()]
    pending = [
        (names, translated) for names, translated in pending if len(names) == len(translated)
    ]
    pairs: dict[str, str] = {}
    while pending:
        left = []
        for names, translated in pending:
            open_names = [name for name in names if name not in pairs]
            open_translated = list(translated)
            for name in names:
                if name in pairs and pairs[name] in open_translated:
                    open_translated.remove(pairs[name])
            if len(open_names) == 1 and len(open_translated) == 1:
                pairs[open_names[0]] = open_translated[0]
            elif len(open_names) > 1:
                left.append((names, translated))
        if len(left) == len(pending):
            break  # names that only ever share a date: left without a translation
        pending = left
    return pairs


@lru_cache(maxsize=256)
def _dropped(
    country: str, subdiv: str | None, categories: tuple[str, ...], exclude: tuple[str, ...]
) -> frozenset[str]:
    """The names, in the calendar's own language, of the holidays ``exclude`` names
    (in the calendar's language or in English, in any case)."""
    wanted = {name.casefold() for name in exclude}
    return frozenset(
        own
        for own, english in _known_names(country, subdiv, categories)
        if own.casefold() in wanted or (english is not None and english.casefold() in wanted)
    )


def _kept(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    exclude: tuple[str, ...],
    year: int,
) -> dict[date, tuple[str, ...]]:
    """The holiday dates of ``year`` with the names (own language) not excluded."""
    dropped = _dropped(country, subdiv, categories, exclude)
    own = _lists(country, subdiv, categories, year, _facts(country).language)
    kept = {day: tuple(name for name in names if name not in dropped) for day, names in own.items()}
    return {day: names for day, names in kept.items() if names}


@lru_cache(maxsize=MAX_CACHED_YEARS)
def _holiday_dates(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    exclude: tuple[str, ...],
    year: int,
) -> frozenset[date]:
    if not exclude:
        return frozenset(_lists(country, subdiv, categories, year, _facts(country).language))
    return frozenset(_kept(country, subdiv, categories, exclude, year))


@lru_cache(maxsize=MAX_CACHED_NAME_YEARS)
def _holiday_names(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    exclude: tuple[str, ...],
    year: int,
    language: str | None,
) -> Mapping[date, str]:
    chosen = language or _facts(country).language
    shown = _lists(country, subdiv, categories, year, chosen)
    if not exclude:
        return {day: "; ".join(names) for day, names in shown.items()}
    translations = _translations(country, subdiv, categories, chosen)
    names: dict[date, str] = {}
    for day, kept in _kept(country, subdiv, categories, exclude, year).items():
        texts = sorted(translations.get(name, name) for name in kept)
        names[day] = "; ".join(texts)
    return names


def kept_names(calendar: HolidayCalendar, language: str | None) -> frozenset[str]:
    """Every name of a holiday ``calendar`` keeps (not excluded), in ``language``."""
    chosen = language or _facts(calendar.country).language
    dropped = _dropped(calendar.country, calendar.subdiv, calendar.categories, calendar.exclude)
    names = _translations(calendar.country, calendar.subdiv, calendar.categories, chosen)
    own = _known_names(calendar.country, calendar.subdiv, calendar.categories)
    return frozenset(names.get(name, name) for name, _ in own if name not in dropped)


@lru_cache(maxsize=256)
def _known_names(
    country: str, subdiv: str | None, categories: tuple[str, ...]
) -> tuple[tuple[str, str | None], ...]:
    """Every holiday name of the calendar's known years: (own language, English)."""
    facts = _facts(country)
    own = _all_lists(country, subdiv, categories, facts.language)
    english = _translations(country, subdiv, categories, facts.english) if facts.english else {}
    names = sorted({name for names in own.values() for name in names})
    return tuple((name, english.get(name)) for name in names)


@lru_cache(maxsize=256)
def holiday_language(country: str, locale: str) -> str | None:
    """The `holidays` translation closest to ``locale`` (None: the calendar's default)."""
    import holidays

    supported: tuple[str, ...] = holidays.country_holidays(country).supported_languages
    language = locale.replace("-", "_")
    if language in supported:
        return language
    prefix = language.split("_")[0]
    for candidate in supported:
        if candidate.split("_")[0] == prefix:
            return candidate
    return None
