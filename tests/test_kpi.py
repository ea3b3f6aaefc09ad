"""KPI bands and compliance summaries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from servicelevel import (
    Channel,
    Contact,
    Kpi,
    KpiBand,
    KpiOutOfRangeError,
    Metric,
    breach_status,
    classify_kpi,
    policy_for,
    summarise_compliance,
)

from .common import at


@pytest.mark.parametrize(
    ("kpi", "value", "band"),
    [
        (Kpi.CSAT, 4.6, KpiBand.EXCELLENT),
        (Kpi.CSAT, 4.5, KpiBand.ADEQUATE),  # "above 4.5" is excellent
        (Kpi.CSAT, 4.0, KpiBand.ADEQUATE),
        (Kpi.CSAT, 3.99, KpiBand.NEEDS_ATTENTION),
        (Kpi.NPS, 51, KpiBand.EXCELLENT),
        (Kpi.NPS, 50, KpiBand.BELOW_EXCELLENT),  # "above 50" is excellent
        (Kpi.NPS, -20, KpiBand.BELOW_EXCELLENT),
        (Kpi.FIRST_CONTACT_RESOLUTION, 0.81, KpiBand.EXCELLENT),
        (Kpi.FIRST_CONTACT_RESOLUTION, 0.8, KpiBand.BELOW_EXCELLENT),
    ],
)
def test_bands(kpi: Kpi, value: float, band: KpiBand) -> None:
    assert classify_kpi(kpi, value) is band


@pytest.mark.parametrize("kpi", [Kpi.NPS, Kpi.FIRST_CONTACT_RESOLUTION])
def test_no_band_the_research_does_not_give(kpi: Kpi) -> None:
    """The sources give NPS and first-contact resolution only an excellence threshold:
    an NPS of -80 is below excellent, never "adequate"."""
    lowest = -80 if kpi is Kpi.NPS else 0.05
    assert classify_kpi(kpi, lowest) is KpiBand.BELOW_EXCELLENT


@pytest.mark.parametrize(
    ("kpi", "value", "message"),
    [
        ("csat", 0.5, "between 1 and 5"),
        ("nps", 120, "between -100 and 100"),
        ("first_contact_resolution", 82, "as a share"),
    ],
)
def test_out_of_range(kpi: str, value: float, message: str) -> None:
    with pytest.raises(KpiOutOfRangeError, match=message):
        classify_kpi(kpi, value)


def test_compliance_summary() -> None:
    policy = policy_for("retail", "b2c")
    received = at("2025-01-06 09:00")
    statuses = []
    for minutes in (30, 60, 120, 600):  # the last one is answered late (8 business hours)
        contact = Contact(channel="email", received_at=received).with_event(
            "agent_reply", at("2025-01-06 09:00") + timedelta(minutes=minutes)
        )
        statuses.append(breach_status(contact, policy, at("2025-01-08 09:00")))
    open_contact = Contact(channel="email", received_at=at("2025-01-07 16:00"))
    statuses.append(breach_status(open_contact, policy, at("2025-01-08 09:00")))
    phone = Contact(channel="phone", received_at=received)
    statuses.append(breach_status(phone, policy, at("2025-01-06 09:01")))

    rows = summarise_compliance(statuses)
    assert [(row.channel, row.metric) for row in rows] == [
        (Channel.PHONE, Metric.FIRST_RESPONSE),
        (Channel.EMAIL, Metric.FIRST_RESPONSE),
    ]
    phone_row, email_row = rows
    assert (phone_row.contacts, phone_row.breached, phone_row.share_breached) == (1, 1, 1.0)
    assert (email_row.contacts, email_row.met, email_row.met_late, email_row.open) == (5, 3, 1, 1)
    assert email_row.share_met == 0.6
    assert email_row.share_breached == 0.2
    assert email_row.median_elapsed == timedelta(minutes=60)
    assert email_row.p90_elapsed == timedelta(hours=8)  # business time: 17:00 to 19:00 is closed
