"""The error categories of issue 13, each on sentences written for the purpose: acronyms,
products, places after administrative cues, short names, document-level evidence, safe merging."""

from __future__ import annotations

import pytest

from tui.core.entities import EntityExtractor, EntityIndex
from tui.core.loader import article_from_text
from tui.core.text import clean_text


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def mentions(extractor, text: str):
    return extractor.extract(article_from_text(clean_text(text), "t", None, title_in_text=False))


def spans(extractor, text: str) -> set[tuple[str, str]]:
    return {(m.type, m.text) for m in mentions(extractor, text) if m.type != "DATE"}


# --- acronyms ---------------------------------------------------------------------------------


def test_medals_generic_bodies_and_events_are_not_organisations(extractor):
    found = spans(extractor, "Đội tuyển giành 3 HCV, 2 HCB và 1 HCĐ tại SEA Games, còn VKS truy tố và HĐXX tuyên án.")
    assert found == set()


def test_country_abbreviations_are_places(extractor):
    found = {(m.type, m.text, m.name) for m in mentions(extractor, "Kim ngạch thương mại VN - TQ và HQ tăng mạnh.")}
    assert found >= {("LOC", "TQ", "Trung Quốc"), ("LOC", "HQ", "Hàn Quốc")}


def test_known_acronyms_are_organisations(extractor):
    found = spans(extractor, "Đại diện WHO, ASEAN, VFF và EVN dự họp, UBND tỉnh Quảng Nam chủ trì.")
    assert found >= {("ORG", "WHO"), ("ORG", "ASEAN"), ("ORG", "VFF"), ("ORG", "EVN"), ("ORG", "UBND tỉnh Quảng Nam")}


# --- person vs thing --------------------------------------------------------------------------


def test_products_are_not_people_but_a_foreign_name_still_is(extractor):
    found = spans(extractor, "Samsung ra mắt Galaxy Fold và Xiaomi Mi 11, trong khi tay đua Max Verstappen về nhất.")
    assert not {text for kind, text in found if kind == "PER"} - {"Max Verstappen"}
    assert ("PER", "Max Verstappen") in found
