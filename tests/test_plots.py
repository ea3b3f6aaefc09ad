"""The plots draw what they should, label it, and render to PNG with the Agg backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from servicelevel import (
    ArgumentTypeError,
    BusinessHours,
    Closure,
    SpecialDay,
    UnknownNameError,
)

matplotlib = pytest.importorskip("matplotlib")
pd = pytest.importorskip("pandas")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from servicelevel.plots import plot_compliance, plot_due_per_hour, plot_week  # noqa: E402

AMSTERDAM = "Europe/Amsterdam"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def christmas_hours() -> BusinessHours:
    base = BusinessHours.weekly(
        {"mon-thu": "08:00-20:00", "fri": "08:00-20:00, 22:00-02:00", "sat": "10:00-16:00"},
        tz=AMSTERDAM,
        holidays="NL",
    )
    return BusinessHours(
        tz=base.tz,
        week=base.week,
        holidays=base.holidays,
        closures=[
            Closure(start=date(2025, 12, 23), hours="12:00-14:00", reason="Team lunch"),
            Closure(start=date(2025, 12, 27), reason="Inventory count"),
            Closure(start=date(2025, 12, 29)),
        ],
        special_days=[
            SpecialDay(date=date(2025, 12, 24), hours="09:00-15:00", name="Christmas Eve"),
            SpecialDay(date=date(2025, 12, 31)),
        ],
    )


def _render(ax: Any, path: Path) -> bytes:
    ax.figure.savefig(path, dpi=80)
    return path.read_bytes()


def _texts(ax: Any) -> list[str]:
    return [text.get_text().replace("\n", " ") for text in ax.texts]


def _legend(ax: Any) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def _counts(ax: Any) -> Any:
    return ax.images[0].get_array()


def _lines(ax: Any) -> dict[str, list[float]]:
    return {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}


def _bars(ax: Any, column: int) -> list[tuple[float, float]]:
    """(top, bottom) in hours of the bars drawn in a column, in drawing order."""
    return [
        (patch.get_y(), patch.get_y() + patch.get_height())
        for patch in ax.patches
        if round(patch.get_x() + patch.get_width() / 2) == column
    ]


def test_a_week_with_holidays_closures_and_special_days(
    christmas_hours: BusinessHours, tmp_path: Path
) -> None:
    ax = plot_week(christmas_hours, date(2025, 12, 24))
    assert ax.get_title() == "Opening hours, week of 22 Dec 2025 (Europe/Amsterdam)"
    assert [label.get_text() for label in ax.get_xticklabels()] == [
        "Mon\n22 Dec", "Tue\n23 Dec", "Wed\n24 Dec", "Thu\n25 Dec",
        "Fri\n26 Dec", "Sat\n27 Dec", "Sun\n28 Dec",
    ]  # fmt: skip
    assert _texts(ax) == [
        "Team lunch",
        "Christmas Eve",
        "Christmas Day",
        "Second Day of Christmas",
        "Inventory count",
    ]
    assert _legend(ax) == ["Open", "Special day", "Public holiday", "Closure"]
    assert _render(ax, tmp_path / "week.png").startswith(PNG_SIGNATURE)


def test_closed_hours_are_shaded_and_the_rest_stays_open(christmas_hours: BusinessHours) -> None:
    ax = plot_week(christmas_hours, date(2025, 12, 23))
    assert _bars(ax, 1) == [(8.0, 12.0), (14.0, 20.0), (8.0, 20.0)]  # open, open, cut shade
    assert _bars(ax, 2) == [(9.0, 15.0)]  # the special day's own hours


def test_a_night_shift_runs_on_into_the_next_column(christmas_hours: BusinessHours) -> None:
    ax = plot_week(christmas_hours, date(2025, 3, 27))
    assert _bars(ax, 4) == [(8.0, 20.0), (22.0, 24.0)]
    assert _bars(ax, 5) == [(0.0, 2.0), (10.0, 16.0)]
    assert _texts(ax) == []
    assert _legend(ax) == ["Open"]


def test_the_night_shift_of_the_sunday_before_shows_on_monday() -> None:
    hours = BusinessHours.weekly({"sun": "22:00-06:00"}, tz=AMSTERDAM)
    ax = plot_week(hours, date(2025, 6, 4))
    assert _bars(ax, 0) == [(0.0, 6.0)]
    assert _bars(ax, 6) == [(22.0, 24.0)]


def test_unnamed_closures_and_special_days_get_a_word(christmas_hours: BusinessHours) -> None:
    ax = plot_week(christmas_hours, date(2025, 12, 31))
    assert _texts(ax) == ["Closed", "Closed", "New Year's Day"]


def test_holiday_names_in_the_locale(christmas_hours: BusinessHours) -> None:
    ax = plot_week(christmas_hours, date(2025, 12, 24), locale="nl")
    assert "Eerste kerstdag" in _texts(ax)
    assert ax.get_xticklabels()[0].get_text() == "ma\n22 dec"


def test_a_week_on_given_axes() -> None:
    _, given = plt.subplots()
    assert plot_week(BusinessHours.always(tz="UTC"), date(2025, 1, 1), given) is given


def test_a_week_needs_business_hours() -> None:
    with pytest.raises(ArgumentTypeError, match="hours must be a BusinessHours"):
        plot_week("mon-fri 09:00-17:00", date(2025, 1, 1))  # type: ignore[arg-type]


def _deadlines(*values: str | None, tz: str = AMSTERDAM) -> Any:
    return pd.Series(pd.to_datetime(list(values))).dt.tz_localize(tz)


def test_deadlines_are_counted_per_weekday_and_hour(tmp_path: Path) -> None:
    due = _deadlines("2025-01-06 09:10", "2025-01-06 09:50", "2025-01-12 23:59", None)
    ax = plot_due_per_hour(due)
    counts = _counts(ax)
    assert (counts[0, 9], counts[6, 23], counts.sum()) == (2, 1, 3)
    assert ax.get_title() == (
        "Contacts due per hour of the week (Europe/Amsterdam): 3 deadlines, 1 missing"
    )
    assert [label.get_text() for label in ax.get_yticklabels()] == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
    ]  # fmt: skip
    assert _render(ax, tmp_path / "due.png").startswith(PNG_SIGNATURE)


def test_deadlines_are_counted_in_their_own_zone() -> None:
    due = _deadlines("2025-01-06 09:10", tz="UTC").dt.tz_convert("Asia/Tokyo")
    counts = _counts(plot_due_per_hour(due))
    assert counts[0, 18] == 1


@pytest.mark.parametrize(
    "deadlines",
    [pd.Series(pd.to_datetime(["2025-01-06 09:10"])), ["2025-01-06 09:10"]],
    ids=["naive", "a list"],
)
def test_deadlines_must_be_aware(deadlines: Any) -> None:
    with pytest.raises(ArgumentTypeError, match="aware timestamps"):
        plot_due_per_hour(deadlines)


def _outcomes() -> Any:
    received = pd.to_datetime(
        ["2025-01-06", "2025-01-20", "2025-01-21", "2025-02-03", "2025-02-04", "2025-03-31 23:30"],
        format="ISO8601",
    ).tz_localize(AMSTERDAM)
    return pd.DataFrame(
        {
            "received_at": received,
            "channel": ["email", "email", "phone", "email", "phone", "phone"],
            "priority": ["urgent", "low", "normal", "low", "urgent", "high"],
            "breached": pd.array([False, True, False, False, None, True], dtype="boolean"),
        }
    )


def test_compliance_per_month_and_channel(tmp_path: Path) -> None:
    ax = plot_compliance(_outcomes(), target=0.9)
    lines = _lines(ax)
    assert lines["email"] == [0.5, 1.0, pytest.approx(float("nan"), nan_ok=True)]
    assert lines["phone"][0] == 1.0
    assert lines["phone"][2] == 0.0  # 23:30 local on 31 March is March, though April in UTC
    assert lines["target 90%"] == [0.9, 0.9]
    assert [label.get_text() for label in ax.get_xticklabels()] == [
        "Jan 2025",
        "Feb 2025",
        "Mar 2025",
    ]
    assert ax.get_title() == "Share of targets met per month and channel"
    legend: Any = ax.get_legend()
    assert legend.get_title().get_text() == "channel"
    assert _render(ax, tmp_path / "compliance.png").startswith(PNG_SIGNATURE)


def test_compliance_by_priority_lists_priorities_in_their_order() -> None:
    ax = plot_compliance(_outcomes(), by="priority", period="Q")
    assert [line.get_label() for line in ax.get_lines()] == ["low", "normal", "high", "urgent"]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["2025Q1"]


def test_a_year_of_weeks_gets_about_a_dozen_labels() -> None:
    days = pd.date_range("2025-01-01", "2025-12-31", freq="D", tz=AMSTERDAM)
    frame = pd.DataFrame({"received_at": days, "channel": "email", "breached": False})
    frame["team"] = ["a", "b"] * (len(days) // 2) + ["a"] * (len(days) % 2)
    ax = plot_compliance(frame, by="team", period="W")
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert 6 <= len(labels) <= 14
    assert labels[0] == "30 Dec 2024"
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]


def test_compliance_needs_its_columns() -> None:
    with pytest.raises(UnknownNameError, match="'team' is not a column of the frame"):
        plot_compliance(_outcomes(), by="team")


def test_compliance_on_given_axes() -> None:
    _, given = plt.subplots()
    assert plot_compliance(_outcomes(), ax=given) is given
