"""The research table: every built-in number is an article figure or a marked assumption."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servicelevel import Channel, Sector, research
from servicelevel._research import (
    CHANNEL_EXPECTATIONS,
    DEFAULTS,
    DRIVERS,
    KPI_BANDS,
    SECTOR_FACTS,
    SOURCES,
    Basis,
    defaults_page,
)

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "defaults.md"
SEEDS = ROOT.parent / "shared" / "seeds"
_REGENERATE = (
    'python -c "from servicelevel._research import defaults_page; '
    "print(defaults_page(), end='')\" > docs/defaults.md"
)


def test_the_page_is_generated_from_the_table() -> None:
    assert PAGE.read_text(encoding="utf-8") == defaults_page(), f"regenerate: {_REGENERATE}"


def test_the_page_lists_every_entry_with_its_basis() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for default in DEFAULTS:
        row = f"| {default.topic} | {default.name} | {default.value} |"
        assert row in page
        assert default.basis.reasoning.replace("|", "\\|") in page


def test_every_basis_is_an_article_or_a_reasoned_assumption() -> None:
    for default in DEFAULTS:
        basis = default.basis
        if basis.kind == "article":
            assert basis.source in SOURCES
            assert basis.says
            assert basis.title
        else:
            assert basis.source is None
            assert basis.says is None
            assert basis.reasoning


@pytest.mark.parametrize(
    ("kind", "source", "says"),
    [("article", None, "x"), ("article", "unknown.txt", "x"), ("assumption", "000", None)],
)
def test_a_basis_cannot_be_half_of_each(kind: str, source: str | None, says: str | None) -> None:
    with pytest.raises(ValueError, match=r"basis|assumption"):
        Basis(kind, "reasoning", source, says)  # type: ignore[arg-type]


def test_research_keeps_the_two_kinds_apart() -> None:
    articles, assumptions = research.from_articles(), research.assumptions()
    assert {d.basis.kind for d in articles} == {"article"}
    assert {d.basis.kind for d in assumptions} == {"assumption"}
    assert len(articles) + len(assumptions) == len(research.DEFAULTS)


def test_every_table_entry_has_a_basis() -> None:
    for channel in Channel:
        expectation = CHANNEL_EXPECTATIONS[channel]
        assert expectation.expectation.kind in ("article", "assumption")
        assert expectation.target.kind in ("article", "assumption")
    for fact in SECTOR_FACTS.values():
        keys = {f"channel:{c}" for c in fact.preferred_channels}
        keys |= {f"24/7:{c}" for c in fact.around_the_clock}
        assert set(fact.bases) == keys | {"automation", *DRIVERS}
    for band in KPI_BANDS.values():
        expected = {"scale", "excellent_above"}
        if band.attention_below is not None:
            expected.add("attention_below")
        assert set(band.bases) == expected


@pytest.mark.parametrize(
    ("topic", "name"),
    [
        ("priority factor (written channels)", "urgent"),
        ("priority factor (written channels)", "low"),
        ("market factor", "b2b"),
        ("finance: driver", "complexity"),
        ("health: driver", "regulation"),
        ("retail: driver", "competition"),
    ],
)
def test_numbers_no_article_holds_are_assumptions(topic: str, name: str) -> None:
    (default,) = [d for d in DEFAULTS if d.topic == topic and d.name == name]
    assert default.basis.kind == "assumption"


def test_driver_levels_only_where_an_article_states_them() -> None:
    stated = {
        (sector, driver)
        for sector, fact in SECTOR_FACTS.items()
        for driver in DRIVERS
        if fact.bases[driver].kind == "article"
    }
    assert stated == {(Sector.FINANCE, "regulation"), (Sector.TECHNOLOGY, "complexity")}


def test_no_sector_has_a_24_7_line_from_a_general_remark() -> None:
    assert SECTOR_FACTS[Sector.FINANCE].around_the_clock == ()
    for fact in SECTOR_FACTS.values():
        for channel in fact.around_the_clock:
            assert fact.bases[f"24/7:{channel}"].kind == "assumption"


def test_retail_offers_social_media() -> None:
    assert Channel.SOCIAL_MEDIA in SECTOR_FACTS[Sector.RETAIL].preferred_channels


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the articles are not beside the repo")


@needs_seeds
@pytest.mark.parametrize(
    ("source", "dutch"),
    [
        ("000_2a9a20e476c0751f.txt", "maximaal drie belsignalen"),
        ("000_2a9a20e476c0751f.txt", "live chat binnen enkele minuten"),
        ("000_2a9a20e476c0751f.txt", "email binnen 24 uur"),
        ("000_2a9a20e476c0751f.txt", "social media binnen 4-6 uur"),
        ("000_2a9a20e476c0751f.txt", "behalve bij urgente technische problemen"),
        ("000_2a9a20e476c0751f.txt", "Scores boven 4.5 op een 5-puntsschaal"),
        ("000_2a9a20e476c0751f.txt", "alles onder 4.0 aandacht vereist"),
        ("000_2a9a20e476c0751f.txt", "Scores boven 50 worden als excellent"),
        ("000_2a9a20e476c0751f.txt", "Percentages boven 80% zijn uitstekend"),
        ("000_2a9a20e476c0751f.txt", "strenge regelgeving en hoge transactiewaarden"),
        ("000_2a9a20e476c0751f.txt", "Door de hoge productcomplexiteit"),
        ("003_6f117045b3e01ea6.txt", "telefoon en e-mail op een gedeelde eerste plaats"),
        ("003_6f117045b3e01ea6.txt", "een derde mailt liever"),
        ("001_630af51ec6e642cb.txt", "chat, sociale media en selfservicepagina"),
    ],
)
def test_the_article_holds_the_figure_we_attribute_to_it(source: str, dutch: str) -> None:
    assert dutch in (SEEDS / source).read_text(encoding="utf-8")


@needs_seeds
def test_the_page_copies_no_sentence_of_the_articles() -> None:
    """Facts and figures may be used, the articles' sentences may not: no run of
    eight words of any article is on the page."""
    words = re.findall(r"\w+", PAGE.read_text(encoding="utf-8").casefold())
    page_runs = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    for name in SOURCES:
        article = re.findall(r"\w+", (SEEDS / name).read_text(encoding="utf-8").casefold())
        runs = {tuple(article[i : i + 8]) for i in range(len(article) - 7)}
        assert not runs & page_runs, name
