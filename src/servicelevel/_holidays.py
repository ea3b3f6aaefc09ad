"""Public-holiday calendars from the `holidays` package.

The package is imported when a calendar is first validated or asked for its
dates, not when `servicelevel` is imported.

Example:
    >>> from servicelevel import HolidayCalendar
    >>> HolidayCalendar.parse("DE-BY")
    HolidayCalendar(country='DE', subdiv='BY')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from servicelevel._errors import UnknownHolidayCalendarError, reject_at

__all__ = ["HolidayCalendar", "holiday_language"]


class HolidayCalendar(BaseModel):
    """Public holidays of one country (and optional subdivision) from `holidays`.

    In the compact form a calendar is a string: ``"NL"``, ``"DE-BY"``, ``"US-CA"``.

    Example:
        >>> HolidayCalendar.parse("DE-BY")
        HolidayCalendar(country='DE', subdiv='BY')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. 'NL'")
    subdiv: str | None = Field(default=None, description="subdivision code, e.g. 'BY'")

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
        return self

    @classmethod
    def parse(cls, text: str) -> HolidayCalendar:
        """Parse ``"NL"`` or ``"DE-BY"``."""
        return cls.model_validate(text)

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates of this calendar in ``year``."""
        return _holiday_dates(self.country, self.subdiv, year)

    def names(self, year: int, language: str | None = None) -> Mapping[date, str]:
        """The holidays of ``year`` with their names, optionally in ``language``."""
        return _holiday_names(self.country, self.subdiv, year, language)

    def __str__(self) -> str:
        return self.country if self.subdiv is None else f"{self.country}-{self.subdiv}"

    def _repr_html_(self) -> str:
        from servicelevel._html import fields

        rows = [("country", self.country), ("subdivision", self.subdiv)]
        return fields(f"HolidayCalendar {self}", rows)


@cache
def _holiday_dates(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(_holiday_names(country, subdiv, year, None))


@cache
def _supported_countries() -> dict[str, list[str]]:
    import holidays

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    return supported


@cache
def _holiday_names(
    country: str, subdiv: str | None, year: int, language: str | None
) -> Mapping[date, str]:
    # Materialise the year explicitly: holiday objects fill lazily (holidays #323).
    import holidays

    calendar = holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)
    return dict(sorted(calendar.items()))


@cache
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
