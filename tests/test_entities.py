"""Entity extraction: the seed reference, each rule on minimal sentences, robustness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.entities import EntityExtractor, EntityIndex, Mention
from tui.core.loader import article_from_text
from tui.core.text import clean_text, fold

GOLD = json.loads((Path(__file__).parent / "data" / "seed_entities.json").read_text(encoding="utf-8"))


def extract(extractor: EntityExtractor, text: str, date: str | None = None) -> list[Mention]:
    article = article_from_text(clean_text(text), "t", None, title_in_text=False)
    article.date = date
    return extractor.extract(article)


def found(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.type, m.text) for m in mentions}


# ---------------------------------------------------------------------------
# The seed reference.


@pytest.fixture(scope="module")
def seed_mentions(seed_articles, extractor):
    return {a.id: (a, extractor.extract(a)) for a in seed_articles}


def test_seed_gold_covers_both_seeds(seed_mentions):
    assert set(GOLD["documents"]) == set(seed_mentions)


@pytest.mark.parametrize("doc_id", sorted(GOLD["documents"]))
def test_every_main_entity_of_the_seed_gold_is_found_with_its_type_and_forms(seed_mentions, doc_id):
    _, mentions = seed_mentions[doc_id]
    main = [m for m in mentions if m.block == "main"]
    for gold in GOLD["documents"][doc_id]["main"]:
        own = [m for m in main if m.type == gold["type"] and m.name == gold["name"]]
        assert own, f"{gold['type']} {gold['name']} not found"
        for form in gold["forms"]:
            assert any(m.text == form or m.text.endswith(" " + form) for m in own), f"form {form!r} of {gold['name']}"


@pytest.mark.parametrize("doc_id", sorted(GOLD["documents"]))
def test_related_entities_are_found_only_in_the_related_block(seed_mentions, doc_id):
    _, mentions = seed_mentions[doc_id]
    main_names = {(m.type, m.name) for m in mentions if m.block == "main"}
    related_names = {(m.type, m.name) for m in mentions if m.block == "related"}
    for gold in GOLD["documents"][doc_id]["related"]:
        assert (gold["type"], gold["name"]) in related_names
        assert (gold["type"], gold["name"]) not in main_names


def test_never_entities_are_never_listed(seed_mentions, seed_articles):
    never = {fold(n) for n in GOLD["never_entities"]}
    for _, mentions in seed_mentions.values():
        for m in mentions:
            assert fold(m.name) not in never and fold(m.text) not in never, m
    index = EntityIndex.build(seed_articles)
    assert not [e for e in index.entities() if fold(e.name) in never]


def test_seed_mentions_point_at_their_text(seed_mentions):
    for article, mentions in seed_mentions.values():
        starts = [m.start for m in mentions]
        assert starts == sorted(starts)
        for m in mentions:
            assert article.text[m.start : m.end] == m.text
            assert m.block == ("related" if article.related_start is not None and m.start >= article.related_start else "main")


# ---------------------------------------------------------------------------
# Rules, one sentence each.


def test_role_is_stripped_from_the_name_and_kept_as_attribute(extractor):
    mentions = extract(extractor, "Hôm qua, Tổng Bí thư Tô Lâm đã tiếp đoàn.")
    person = next(m for m in mentions if m.type == "PER")
    assert (person.text, person.name, person.role) == ("Tô Lâm", "Tô Lâm", "Tổng Bí thư")


def test_organisation_inside_a_role_is_an_entity_of_its_own(extractor):
    mentions = extract(extractor, "Chủ tịch Hạ viện Belarus Igor Sergeyenko đang thăm Việt Nam.")
    assert ("ORG", "Hạ viện Belarus") in found(mentions)
    person = next(m for m in mentions if m.type == "PER")
    assert person.text == "Igor Sergeyenko" and person.role == "Chủ tịch Hạ viện Belarus"


def test_person_cue_marks_a_bare_name(extractor):
    assert ("PER", "Hùng") in found(extract(extractor, "Theo lời kể của anh Hùng, vụ việc xảy ra từ sáng."))


def test_vietnamese_family_name_marks_a_person(extractor):
    assert ("PER", "Nguyễn Văn Hải") in found(extract(extractor, "Trong buổi họp, Nguyễn Văn Hải phát biểu."))


def test_sentence_initial_capitals_are_not_entities(extractor):
    mentions = extract(extractor, "Trong năm qua, các bên đã làm việc. Chúng tôi hy vọng. Theo đó, mọi việc ổn.")
    assert mentions == []


def test_location_cue_is_part_of_the_span_but_not_of_the_name(extractor):
    mentions = extract(extractor, "Đoàn công tác đến thăm tỉnh Thanh Hóa và huyện Quảng Xương.")
    assert ("LOC", "tỉnh Thanh Hóa") in found(mentions)
    assert ("LOC", "huyện Quảng Xương") in found(mentions)
    assert {m.name for m in mentions} == {"Thanh Hóa", "Quảng Xương"}


def test_preposition_is_evidence_of_a_place_but_not_part_of_it(extractor):
    assert ("LOC", "Mỹ Đình") in found(extract(extractor, "Trận đấu diễn ra tại Mỹ Đình tối qua."))


def test_organisation_head_word_opens_an_organisation(extractor):
    mentions = extract(extractor, "Hợp đồng được ký giữa Nhà máy máy kéo Minsk và Công ty New Atlantic International Trading.")
    assert ("ORG", "Nhà máy máy kéo Minsk") in found(mentions)
    company = next(m for m in mentions if m.text.startswith("Công ty"))
    assert company.name == "New Atlantic International Trading"


def test_organisation_takes_in_its_location(extractor):
    assert ("ORG", "UBND tỉnh Thanh Hóa") in found(extract(extractor, "Sáng nay, UBND tỉnh Thanh Hóa đã họp báo."))


def test_department_name_goes_on_after_va(extractor):
    assert ("ORG", "Bộ Giáo dục và Đào tạo") in found(extract(extractor, "Đại diện Bộ Giáo dục và Đào tạo cho biết như vậy."))


def test_acronym_in_brackets_is_an_alias_of_its_expansion(extractor):
    mentions = extract(extractor, "Hai nước hợp tác trong Hiệp hội Thép Đông Á (HTDA). Sau đó HTDA họp.")
    acronyms = [m for m in mentions if m.text == "HTDA"]
    assert len(acronyms) == 2 and all(m.name == "Hiệp hội Thép Đông Á" and m.type == "ORG" for m in acronyms)


def test_aliases_of_a_person_merge_within_an_article(extractor):
    mentions = extract(
        extractor,
        "Tổng thống Aleksandr Lukashenko đón đoàn. Tổng thống A. Lukashenko cho biết. Ông Lukashenko nói thêm.",
    )
    people = [m for m in mentions if m.type == "PER"]
    assert [m.text for m in people] == ["Aleksandr Lukashenko", "A. Lukashenko", "Lukashenko"]
    assert {m.name for m in people} == {"Aleksandr Lukashenko"}


def test_case_variants_merge(extractor):
    mentions = extract(extractor, "Xe của hãng BelAZ rất bền. Lãnh đạo BELAZ cho biết như vậy.")
    assert {m.name for m in mentions if m.type == "ORG"} == {"BelAZ"}


def test_gazetteer_alias_gets_the_canonical_name(extractor):
    mentions = extract(extractor, "Giá nhà ở TP.HCM tăng mạnh.")
    assert [(m.type, m.text, m.name) for m in mentions] == [("LOC", "TP.HCM", "Thành phố Hồ Chí Minh")]


def test_verb_of_saying_marks_a_person(extractor):
    assert ("PER", "Mourinho") in found(extract(extractor, "Sau trận đấu, Mourinho nói với báo chí rằng đội đã cố gắng."))


def test_age_in_brackets_marks_a_person(extractor):
    assert ("PER", "Ngọc Linh") in found(extract(extractor, "Khi đó, Ngọc Linh (25 tuổi, Hà Nội) rất bất ngờ."))


def test_one_syllable_place_after_a_pronoun_is_a_given_name(extractor):
    mentions = extract(extractor, "Ngay sau đó anh Đức đã làm đơn trình báo lên công an huyện Gio Linh.")
    assert ("PER", "Đức") in found(mentions)
    assert ("ORG", "công an huyện Gio Linh") in found(mentions)


def test_given_name_ending_in_a_country_name_is_not_cut(extractor):
    mentions = extract(extractor, "Trong trận này, ông Nguyễn Đức Chung và Tuấn Anh cho biết sẽ có mặt.")
    assert ("PER", "Nguyễn Đức Chung") in found(mentions)
    assert not [m for m in mentions if m.type == "LOC"]


def test_names_in_a_list_share_the_type_of_their_neighbours(extractor):
    mentions = extract(extractor, "Khối ngoại bán ròng nhiều mã như Vinhomes, Hòa Phát, VietinBank.")
    assert {m.text for m in mentions if m.type == "ORG"} == {"Vinhomes", "Hòa Phát", "VietinBank"}


def test_brand_and_country_make_one_organisation(extractor):
    mentions = extract(extractor, "Sau thương vụ, Kiều Trang giữ chức Giám đốc Fossil Việt Nam.")
    assert ("ORG", "Fossil Việt Nam") in found(mentions)


def test_organisation_name_goes_on_through_lower_case_words(extractor):
    mentions = extract(extractor, "Theo thông tin từ Cục Quản lý thị trường, Bệnh viện đa khoa Cà Mau đã báo cáo.")
    assert ("ORG", "Cục Quản lý thị trường") in found(mentions)
    assert ("ORG", "Bệnh viện đa khoa Cà Mau") in found(mentions)


def test_byline_and_source_lines(extractor):
    article = article_from_text("Tin chính\n\nNội dung bài viết ở đây.\n\nHương Giang - Trường Thịnh\nTheo Dân Việt", "b", None)
    assert found(extractor.extract(article)) >= {("PER", "Hương Giang"), ("PER", "Trường Thịnh"), ("ORG", "Dân Việt")}


def test_photo_credit_is_a_person(extractor):
    assert ("PER", "Trí Dũng") in found(extract(extractor, "Lãnh đạo thăm bệnh viện. (Ảnh: Trí Dũng/TTXVN)"))


def test_titles_products_and_events_are_not_people(extractor):
    mentions = extract(extractor, "Tottenham sẽ gặp Man City ở League Cup, còn tính năng Find My được nâng cấp.")
    assert {m.text for m in mentions if m.type == "PER"} == set()


def test_natural_places_keep_their_cue_in_the_name(extractor):
    mentions = extract(extractor, "Nước sông Hồng dâng cao ở tỉnh Yên Bái.")
    assert [(m.text, m.name) for m in mentions if m.type == "LOC"] == [("sông Hồng", "Sông Hồng"), ("tỉnh Yên Bái", "Yên Bái")]


def test_extra_names_and_never_list_from_the_configuration():
    custom = EntityExtractor(extra={"ORG": ["Quỹ Hy Vọng"]}, never=["Việt Nam"])
    mentions = extract(custom, "Quỹ Hy Vọng giúp trẻ em Việt Nam.")
    assert found(mentions) == {("ORG", "Quỹ Hy Vọng")}


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Có hiệu lực từ ngày 30/1/2025.", "30/1/2025", "2025-01-30"),
        ("Vào ngày 12/10, hãng sẽ bay.", "12/10", "--10-12"),  # (the text does not say the year)
        ("Ngày 3/9, tại đây sẽ ký kết.", "3/9", "--09-03"),
        ("Chuyến thăm vào tháng 5 năm 2025 rất thành công.", "tháng 5 năm 2025", "2025-05"),
        ("Chuyến thăm vào tháng 5 năm nay rất thành công.", "tháng 5 năm nay", "2025-05"),
        ("Kế hoạch cho năm 2026 đã xong.", "năm 2026", "2026"),
        ("Chương trình giai đoạn 2026-2028 đã ký.", "2026-2028", "2026/2028"),
    ],
)
def test_dates_with_iso_values(extractor, text, surface, value):
    dates = [m for m in extract(extractor, text, date="2025-08-30") if m.type == "DATE"]
    assert [(m.text, m.value) for m in dates] == [(surface, value)]
    assert dates[0].name == surface


def test_year_less_date_without_article_date_keeps_month_and_day(extractor):
    dates = [m for m in extract(extractor, "Sáng 28/1, đoàn đến thăm.") if m.type == "DATE"]
    assert [(m.text, m.value) for m in dates] == [("28/1", "--01-28")]


def test_fraction_is_not_a_date(extractor):
    assert not [m for m in extract(extractor, "Có 2/3 số đại biểu tán thành.") if m.type == "DATE"]


# ---------------------------------------------------------------------------
# The corpus index.


def test_index_merges_entities_across_articles_and_answers_queries(extractor):
    texts = [
        "Tổng Bí thư Tô Lâm thăm Belarus. Tổng thống A. Lukashenko đón tiếp.",
        "Tổng thống Aleksandr Lukashenko gặp Tổng Bí thư Tô Lâm tại Minsk.",
        "Hiệp định với Liên minh Kinh tế Á-Âu (EAEU) có hiệu lực.",
        "Việt Nam là đối tác của EAEU.",
    ]
    articles = [article_from_text(t, f"d{i}", None, title_in_text=False) for i, t in enumerate(texts)]
    index = EntityIndex(extractor)
    index.add(articles[:2], 0)
    index.add(articles[2:], 2)
    to_lam = index.get("PER:to lam")
    assert to_lam is not None and to_lam.doc_count == 2 and to_lam.roles == ["Tổng Bí thư"]
    assert index.docs_with("PER:to lam") == [0, 1]
    eaeu = index.get("ORG:lien minh kinh te a-au")
    assert eaeu is not None and eaeu.doc_count == 2 and "EAEU" in eaeu.aliases
    assert index.entities()[0].doc_count == 2
    assert all(e.type == "LOC" for e in index.entities("LOC"))
    pairs = index.entities_of(0)
    assert ("Tô Lâm", 1) in [(e.name, n) for e, n in pairs]
    assert [m.text for m in index.mentions_of(1) if m.type == "PER"] == ["Aleksandr Lukashenko", "Tô Lâm"]


def test_index_keeps_the_related_block_apart(seed_articles):
    index = EntityIndex.build(seed_articles)
    doc = next(i for i, a in enumerate(seed_articles) if a.related_start is not None)
    related = {e.name for e, _ in index.entities_of(doc, "related")}
    main = {e.name for e, _ in index.entities_of(doc, "main")}
    assert "Phạm Minh Chính" in related and "Phạm Minh Chính" not in main
    assert index.get("PER:pham minh chinh") is None  # only other stories mention him


# ---------------------------------------------------------------------------
# Robustness.

_vietnamese_letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_alphabet = st.sampled_from(list(_vietnamese_letters + _vietnamese_letters.upper() + " .,:;()-/\n0123456789\"'"))


_pieces = st.sampled_from(
    ["Tổng Bí thư", "Tô Lâm", "tỉnh", "Hà Nội", "Công ty", "ông", "(", ")", ",", ".", "Bộ", "Y tế", "và", "ngày",
     "30/1/2025", "tháng 5 năm nay", "EAEU", "A.", "Lukashenko", "-", "\n", "Ảnh:", "TP.HCM", "Việt Nam-Belarus",
     "Có thể bạn quan tâm\n", "UBND", "huyện", "Nguyễn", "cho biết", "Đại sứ quán", "Hạ viện", "(25 tuổi", "2026-2028"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(min_size=0, max_size=300),
        st.text(alphabet=_alphabet, min_size=0, max_size=300),
        st.lists(_pieces, max_size=60).map(" ".join),
    )
)
def test_any_text_gives_spans_within_bounds(text):
    article = article_from_text(clean_text(text), "r", None)
    mentions = EXTRACTOR.extract(article)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(article.text)
        assert article.text[m.start : m.end] == m.text
        assert m.type in ("PER", "ORG", "LOC", "DATE")
        assert m.block in ("main", "related")


EXTRACTOR = EntityExtractor()


def test_index_replaces_a_document_indexed_again_and_keys_dates_by_value(extractor):
    first = article_from_text("Tổng Bí thư Tô Lâm đến Hà Nội ngày 30/1/2025.", "a", None, title_in_text=False)
    second = article_from_text("Ngày 30/01/2025, Tổng Bí thư Tô Lâm về Hà Nội.", "b", None, title_in_text=False)
    index = EntityIndex(extractor)
    index.add([first, second], 0)
    index.add([first], 1)  # document 1 re-read with other content
    assert index.get("PER:to lam").mention_count == 2
    date = index.get("DATE:2025-01-30")
    assert date is not None and date.doc_count == 2
    assert [e.name for e in index.entities("LOC")] == ["Hà Nội"]


def test_related_block_entities_keep_their_roles(seed_articles):
    index = EntityIndex.build(seed_articles)
    doc = next(i for i, a in enumerate(seed_articles) if a.related_start is not None)
    related = {e.name: e for e, _ in index.entities_of(doc, "related")}
    assert "Thủ tướng" in related["Phạm Minh Chính"].roles


def test_rules_fingerprint_is_stable():
    from tui.core.entities import rules_fingerprint

    assert rules_fingerprint() == rules_fingerprint() and len(rules_fingerprint()) == 16


def test_word_segmented_input_with_underscores(extractor):
    mentions = extract(extractor, "Chủ_tịch UBND tỉnh Quảng_Ninh Nguyễn_Văn_Đọc cho_biết như vậy .")
    assert [(m.type, m.text, m.name) for m in mentions] == [
        ("ORG", "UBND tỉnh Quảng_Ninh", "UBND tỉnh Quảng Ninh"),
        ("PER", "Nguyễn_Văn_Đọc", "Nguyễn Văn Đọc"),
    ]


def test_known_people_get_their_full_name(extractor):
    mentions = extract(extractor, "Tổng thống Putin gặp ông Trump. Dù Messi không đá, đội vẫn thắng.")
    assert [(m.text, m.name) for m in mentions if m.type == "PER"] == [
        ("Putin", "Vladimir Putin"),
        ("Trump", "Donald Trump"),
        ("Messi", "Lionel Messi"),
    ]


def test_reading_entities_while_the_loader_adds_mentions_is_safe():
    """The explorer reads the table (sidebar, open article) from worker threads while
    the loader thread is still adding mentions: no error, and the end result is the
    same as adding them alone."""
    import threading

    def mentions(doc: int) -> list[Mention]:
        return [Mention(0, 5, "PER", f"Tên{(doc * 7 + k) % 3000}", f"Tên{(doc * 7 + k) % 3000}", None, "main")
                for k in range(12)]

    shared, alone = EntityIndex(), EntityIndex()
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                shared.entities()
                shared.entities_of(len(shared) % 50)
                shared.get("PER:Tên1")
        except BaseException as exc:  # noqa: BLE001 - any error is the failure
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in readers:
        thread.start()
    for doc in range(3000):
        shared.add_mentions(doc, mentions(doc))
        alone.add_mentions(doc, mentions(doc))
    done.set()
    for thread in readers:
        thread.join()
    assert not errors, errors[0]
    assert [(e.key, e.doc_count, e.mention_count) for e in shared.entities()] == \
           [(e.key, e.doc_count, e.mention_count) for e in alone.entities()]


def test_the_corpus_table_is_the_same_read_between_batches_or_only_at_the_end(extractor):
    texts = [
        "Tổng Bí thư Tô Lâm thăm Belarus. Tổng thống A. Lukashenko đón tiếp.",
        "Tổng thống Aleksandr Lukashenko gặp Tổng Bí thư Tô Lâm tại Minsk.",
        "Hiệp hội Nuôi ong Bắc Bộ (HNOB) họp. HLV Park Hang Seo đến Hà Nội.",
        "Việt Nam là đối tác của HNOB. Park Hang Seo nói. Park cười.",
        "Ông Park dự họp ở Hà Nội với HNOB.",
    ]
    articles = [article_from_text(t, f"d{i}", None, title_in_text=False) for i, t in enumerate(texts)]

    def table(index: EntityIndex) -> list[tuple]:
        return [(e.key, e.name, e.doc_count, e.mention_count, tuple(e.aliases), tuple(e.roles)) for e in index.entities()]

    read_often, read_once = EntityIndex(extractor), EntityIndex(extractor)
    for index in (read_often, read_once):
        index.add(articles[:2], 0)
        if index is read_often:
            table(index)
        index.add(articles[2:4], 2)
        if index is read_often:
            table(index)
        index.add(articles[4:], 2)  # document 2 indexed again: another text replaces its own
        index.merge_short_forms()
        index.add(articles[2:3], 4)  # a document added after the merge
    assert table(read_once) == table(read_often)
    assert [read_once.docs_with(e.key) for e in read_once.entities()] == [read_often.docs_with(e.key) for e in read_often.entities()]
    assert len(read_once) == len(read_often) and read_once.get("PER:park hang seo") is not None


def test_an_index_fed_rows_is_the_index_fed_mentions(seed_articles, extractor):
    """The loader hands the index rows (``extract_rows``: no Mention objects built); a cache
    or a caller hands it mentions: the same articles make the same index either way."""
    by_rows, by_mentions = EntityIndex(extractor), EntityIndex(extractor)
    for doc, article in enumerate(seed_articles):
        rows = extractor.extract_rows(article)
        assert rows == [m.row() for m in extractor.extract(article)]
        by_rows.add_rows(doc, rows)
        by_mentions.add_mentions(doc, extractor.extract(article))
    for doc in range(len(seed_articles)):
        assert by_rows.mentions_of(doc) == by_mentions.mentions_of(doc) and by_rows.mentions_of(doc)
        assert by_rows.spans_of(doc) == by_mentions.spans_of(doc)
    assert by_rows.entities() == by_mentions.entities() and by_rows.entities()


def test_the_spans_printed_of_an_article_are_its_mentions_with_credits_marked(extractor):
    """``entities --spans`` reads each field of the packed mentions as a column: every span is
    its mention's start, end, type, text and name, and only the byline's names are credits."""
    text = ("Chủ tịch Quốc hội Trần Thanh Mẫn đã làm việc với UBND tỉnh Quảng Nam ngày 3/4/2023.\n"
            "Ông Mẫn đề nghị tỉnh đẩy nhanh tiến độ.\nHương Giang - Trường Thịnh")
    article = article_from_text(clean_text(text), "t", None, title_in_text=False)
    index = EntityIndex(extractor)
    index.add_rows(0, extractor.extract_rows(article))
    mentions = index.mentions_of(0)
    assert index.spans_of(0) == [(m.start, m.end, m.type, m.text, m.name, m.credit) for m in mentions]
    credited = {text for *_, text, _, credit in index.spans_of(0) if credit}
    assert credited == {"Hương Giang", "Trường Thịnh"}
    assert ("PER", "Trần Thanh Mẫn") in {(kind, text) for _, _, kind, text, _, _ in index.spans_of(0)}
    assert index.spans_of(1) == []
