"""Tiers of evidence: phrase / near / scattered / partial, their order, the strong set."""

from __future__ import annotations

import random

import pytest

from tui.core.index import has_own_title
from tui.core.loader import article_from_text
from tui.core.search import SearchIndex
from tui.core.text import CLAUSE_BREAK_RE, TOKEN_RE, fold

TIER_ORDER = ("phrase", "near", "scattered", "partial")

ARTICLES = {
    "phrase": "Thủ tướng gặp dân\n\nThủ tướng Phạm Minh Chính chủ trì hội nghị về kinh tế.",
    "phrase-plain": "Tin chiều\n\nHôm nay pham minh chinh phát biểu (gõ không dấu).",
    "window": "Họp Chính phủ\n\nThủ tướng Chính phủ Phạm Minh Chính đã chủ trì phiên họp.",
    "typo": "Tin sáng\n\nThủ tướng Phạm Minh Chímh đến thăm tỉnh.",
    "scattered": "Chợ quê\n\nBà Phạm bán rau. Anh Minh mua cá ở chợ.\n\nMột người chính trực giúp thủ tướng ở nơi khác.",
    "other-paragraphs": "Ba đoạn\n\nThủ tướng\n\nPhạm Minh\n\nChính",
    "vietnam": "Tin quốc tế\n\nĐội tuyển Việt Nam thắng trận.",
    "vietnam-joined": "Tin thể thao\n\nGiải VietNam Open khởi tranh.",
    "none": "Thời tiết\n\nTrời mưa to ở miền núi.",
}


def _articles():
    return [article_from_text(text, doc_id, None) for doc_id, text in ARTICLES.items()]


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build(_articles())


def tiers_of(index, query):
    results = index.search(query, limit=len(index))
    return {hit.id: hit.tier for hit in results.hits}, results


def test_each_kind_of_evidence_gets_its_tier(index):
    found, results = tiers_of(index, "thu tuong pham minh chinh ")
    assert found["phrase"] == "phrase"
    assert found["window"] == "near"  # two words between "thủ tướng" and the name
    assert found["typo"] == "near"  # "Chímh": one mistyped syllable pinned by its neighbours
    assert found["scattered"] == "scattered"
    assert found["other-paragraphs"] == "scattered"  # a paragraph break is not "near"
    assert "none" not in found and "vietnam" not in found
    assert results.tiers == {"phrase": 1, "near": 2, "scattered": 2, "partial": 0}
    assert results.total == sum(results.tiers.values())


def test_a_two_word_query_finds_a_misspelt_word_its_neighbour_pins(index):
    """'Minh Chímh' (a word of one article) for 'minh chinh' ('chinh' is common, so not
    matched by edit distance alone): a near-phrase, pinned by 'minh' before it; not in
    the other order, where nothing pins it."""
    found, _ = tiers_of(index, "minh chinh")
    assert found.get("typo") == "near"
    found, _ = tiers_of(index, "chinh minh")
    assert "typo" not in found


def test_typed_without_diacritics_the_phrase_is_still_a_phrase(index):
    found, _ = tiers_of(index, "pham minh chinh ")
    assert found["phrase"] == found["phrase-plain"] == found["window"] == "phrase"
    assert found["typo"] == "near"


def test_every_phrase_hit_ranks_above_every_near_above_every_scattered(index):
    for query in ("thu tuong pham minh chinh", "pham minh chinh", "minh chinh", "chinh pham", "thu tuong"):
        results = index.search(query, limit=len(index))
        ranks = [TIER_ORDER.index(hit.tier) for hit in results.hits]
        assert ranks == sorted(ranks), query
        scores = [hit.score for hit in results.hits]
        assert scores == sorted(scores, reverse=True), query


def test_joined_syllables_are_near_and_the_word_as_typed_a_phrase(index):
    found, results = tiers_of(index, "vietnam ")
    assert found["vietnam-joined"] == "phrase"  # "VietNam" holds the word as typed
    assert found["vietnam"] == "near"  # "Việt Nam": the split
    assert results.tiers["scattered"] == 0


def test_a_one_word_query_has_one_tier(index):
    found, results = tiers_of(index, "minh ")
    assert set(found.values()) == {"phrase"} and results.tiers["phrase"] == results.total


def test_partial_only_when_no_article_has_every_word(index):
    found, results = tiers_of(index, "pham zzzqqq ")
    assert found and set(found.values()) == {"partial"}
    assert results.tiers["partial"] == results.total
    assert results.strong_docs() == [hit.doc for hit in results.hits]


def test_strong_set_is_phrase_and_near_or_everything(index):
    _, results = tiers_of(index, "thu tuong pham minh chinh ")
    strong = {index.articles[doc].id for doc in results.strong_docs()}
    assert strong == {"phrase", "window", "typo"}
    _, scattered_only = tiers_of(index, "rau chinh ")
    assert scattered_only.tiers["phrase"] == scattered_only.tiers["near"] == 0
    assert len(scattered_only.strong_docs()) == scattered_only.total == 1


def test_down_to_a_tier_keeps_it_and_the_stronger_ones(index):
    _, results = tiers_of(index, "thu tuong pham minh chinh ")
    near = results.down_to("near")
    assert {hit.tier for hit in near.hits} == {"phrase", "near"} and near.total == 3
    assert results.down_to("scattered").total == results.total


def test_quoted_phrases_and_exclusions_keep_working(index):
    found, _ = tiers_of(index, '"minh chinh" thu tuong ')
    assert "scattered" not in found  # the quoted words must stand together
    assert found["window"] == found["phrase"] == "scattered"  # not in the order typed
    found, _ = tiers_of(index, 'thu tuong "pham minh chinh" ')
    assert found["phrase"] == "phrase" and found["window"] == "near"  # in order, two words between
    found, _ = tiers_of(index, "pham minh chinh -hội ")
    assert "phrase" not in found and "window" in found


# ------------------------------------------------------------------ phrase tier == brute force


def folded_fields(article) -> list[list[str]]:
    """The article's searchable clauses as folded word lists: those of its own
    title (a title derived from the text is not searched) and of each body
    paragraph, cut at every comma, full stop, bracket, quote or line break."""
    fields = [article.title] if has_own_title(article) else []
    fields += [article.text[s:e] for s, e in article.body_spans()]
    return [TOKEN_RE.findall(clause) for field in fields for clause in CLAUSE_BREAK_RE.split(fold(field))]


def holds_consecutively(fields: list[list[str]], words: list[str]) -> bool:
    n = len(words)
    return any(field[i : i + n] == words for field in fields for i in range(len(field) - n + 1))


def test_phrase_tier_equals_the_articles_holding_the_folded_words_consecutively():
    """On a corpus of few, similar syllables (typos, near spellings and
    windows everywhere, commas and ellipses between them), for random queries:
    the ``phrase`` hits are exactly the articles with a folded clause (of the
    title or of a paragraph) holding the folded query words in a row, and no
    lower tier ranks above a higher one."""
    rng = random.Random(14)
    syllables = "Hà Nội hà nôi ha noi Việt Nam viet nam việt nám Tô Lâm to lam tô lầm lâm cá ca các cà".split()
    articles = []
    for number in range(120):
        paragraphs = ["".join(rng.choice(syllables) + rng.choice((" ",) * 6 + (", ", "... ", " (")) for _ in range(rng.randint(3, 14))).strip()
                      for _ in range(rng.randint(1, 4))]
        title = " ".join(rng.choice(syllables) for _ in range(rng.randint(2, 6)))
        articles.append(article_from_text(title + "\n\n" + "\n\n".join(p + "." for p in paragraphs), f"d{number}", None))
    index = SearchIndex.build(articles)
    fields = [folded_fields(a) for a in articles]
    checked = 0
    for _ in range(150):
        words = [rng.choice(syllables) for _ in range(rng.randint(1, 4))]
        query = " ".join(words) + rng.choice(("", " "))
        results = index.search(query, limit=len(articles))
        folded = TOKEN_RE.findall(fold(query))
        expected = {a.id for a, f in zip(articles, fields) if holds_consecutively(f, folded)}
        assert {h.id for h in results.hits if h.tier == "phrase"} == expected, query
        ranks = [TIER_ORDER.index(h.tier) for h in results.hits]
        assert ranks == sorted(ranks), query
        assert results.tiers["phrase"] == len(expected)
        checked += bool(expected)
    assert checked > 50


# ------------------------------------------------------------------ entities --query


def test_entities_of_a_query_count_its_strong_set_only(tmp_path, capsys):
    """``entities --query``: the article with the name as a phrase counts; the one
    with its three syllables scattered does not (it would with "all results")."""
    import json

    from tui.cli import main

    records = [
        {"id": "phrase", "title": "Thủ tướng thăm Hà Nội",
         "text": "Thủ tướng Phạm Minh Chính đến thành phố Hà Nội hôm qua.\nÔng làm việc với lãnh đạo thành phố."},
        {"id": "scattered", "title": "Chợ cá ở Đà Nẵng",
         "text": "Bà Phạm Thị Lan bán cá ở thành phố Đà Nẵng.\nAnh Minh nói giá chính xác là 20 nghìn."},
        {"id": "other", "title": "Mưa lớn ở Cần Thơ", "text": "Mưa lớn ở thành phố Cần Thơ.\nNước ngập nhiều nơi."},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")

    def names(*extra):
        assert main(["entities", str(path), "--no-cache", "--json", *extra]) == 0
        return {e["name"]: e["articles"] for e in json.loads(capsys.readouterr().out)}

    everything = names()
    assert {"Hà Nội", "Đà Nẵng", "Cần Thơ"} <= set(everything)
    scoped = names("--query", "pham minh chinh")
    assert scoped.get("Hà Nội") == 1
    assert "Đà Nẵng" not in scoped and "Cần Thơ" not in scoped
    assert main(["entities", str(path), "--no-cache", "--query=-covid"]) == 2
    assert "only exclusions" in capsys.readouterr().err


def test_exclusions_fold_like_the_query():
    """``-hanoi`` excludes *Hà Nội* (joined syllables split, as a query would
    be), ``-ha`` still excludes only the word ``ha``."""
    texts = {
        "hanoi": "Tin thành phố\n\nThành phố Hà Nội mưa lớn.",
        "danang": "Tin thành phố\n\nThành phố Đà Nẵng nắng đẹp.",
        "joined": "Tin thành phố\n\nThành phố HaNoi viết liền.",
    }
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    found = lambda query: {h.id for h in index.search(query).hits}  # noqa: E731
    assert found("thanh pho") == set(texts)
    assert found("thanh pho -hanoi") == {"danang"}
    assert found('thanh pho -"Hà Nội"') == {"danang", "joined"}
    assert found("thanh pho -nang") == {"hanoi", "joined"}


# ------------------------------------------------------------------ the near window's edges


def test_near_holds_the_words_in_the_order_typed_with_two_more_words_at_most():
    """``ca lam ho`` (three words): in that order with two words put between them, in one
    paragraph, it is near; with three, in another order, or across paragraphs, scattered."""
    texts = {
        "two-between": "Tin một\n\nCá một lâm hai hồ ở đây.",
        "two-together": "Tin một\n\nCá lâm một hai hồ ở đây.",
        "three-between": "Tin một\n\nCá một lâm hai ba hồ ở đây.",
        "reversed": "Tin một\n\nHồ lâm cá ở đây.",
        "next-paragraph": "Tin một\n\nỞ đây có cá lâm.\n\nHồ ở đây.",
    }
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    found = {hit.id: hit.tier for hit in index.search("ca lam ho", limit=10).hits}
    assert found == {"two-between": "near", "two-together": "near", "three-between": "scattered",
                     "reversed": "scattered", "next-paragraph": "scattered"}


def test_the_near_window_is_for_queries_of_three_to_eight_words():
    """Eight words in order with one more among them are near; a ninth word makes the query a
    pasted sentence, whose words so placed are only scattered; two words are most often one
    word of two syllables (``lạm phát``, ``Tô Lâm``), which words between unmake."""
    words = "một hai ba bốn năm sáu bảy tám chín".split()
    texts = {"eight": "Tin\n\n" + " ".join(words[:4] + ["xa"] + words[4:8]) + ".",
             "nine": "Tin\n\n" + " ".join(words[:4] + ["xa"] + words[4:]) + "."}
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    eight = {hit.id: hit.tier for hit in index.search(" ".join(words[:8]), limit=10).hits}
    nine = {hit.id: hit.tier for hit in index.search(" ".join(words), limit=10).hits}
    assert eight == {"eight": "near", "nine": "near"}
    assert nine == {"nine": "scattered"}
    two = {hit.id: hit.tier for hit in index.search("bon nam", limit=10).hits}
    assert two == {"eight": "scattered", "nine": "scattered"}  # "bốn xa năm"


def test_one_word_typed_with_a_typo_is_a_phrase_where_written_so_and_near_elsewhere(index):
    """``chímh``: the article that has it as typed is a phrase hit; those with ``Chính``
    (a near spelling) are near."""
    found, results = tiers_of(index, "chímh")
    assert found.pop("typo") == "phrase" and found and set(found.values()) == {"near"}


def test_the_score_of_a_hit_says_its_tier_in_hundreds(index):
    """JSON ``score``: 100 per tier above scattered, plus the relevance within the tier."""
    _, results = tiers_of(index, "thu tuong pham minh chinh ")
    bands = {"phrase": (200, 300), "near": (100, 200), "scattered": (0, 100)}
    assert {hit.tier for hit in results.hits} == set(bands)
    for hit in results.hits:
        low, high = bands[hit.tier]
        assert low < hit.score < high, (hit.id, hit.tier, hit.score)


def test_a_single_article_with_the_words_close_is_near():
    index = SearchIndex.build([article_from_text("Tin một\n\nCá một lâm hai hồ ở đây.", "close", None),
                               article_from_text("Tin hai\n\nTrời mưa to.", "other", None)])
    assert [(hit.id, hit.tier) for hit in index.search("ca lam ho", limit=10).hits] == [("close", "near")]


def test_near_counts_the_very_first_word_of_the_index():
    """``Lâm và cá hồ`` opening the first article: ``lâm`` two words before ``cá`` (the
    rarer word) is near, though it sits at the first position of the whole index."""
    index = SearchIndex.build([article_from_text("Lâm và cá hồ\n\nTin ngắn.", "first", None),
                               article_from_text("Tin khác\n\nÔng Lâm ở hồ.", "other", None)])
    assert [(hit.id, hit.tier) for hit in index.search("lam ca ho", limit=10).hits] == [("first", "near")]


def _segmented(articles, batches):
    """An index of ``articles`` added batch by batch (the batches' sizes far apart, so
    they stay separate segments), and one of them added at once (one segment)."""
    several = SearchIndex()
    first = 0
    for size in batches:
        several.add(articles[first : first + size])
        first += size
    one = SearchIndex.build(articles)
    assert len(several._store.state.segments) == len(batches) and len(one._store.state.segments) == 1
    return several, one


def _answer(index, query):
    results = index.search(query, limit=len(index))
    return results.total, results.tiers, [(hit.id, hit.tier) for hit in results.hits]


def test_a_pinned_typo_is_near_or_not_whatever_segment_its_article_was_indexed_in():
    """``to lam``: ``lam`` (the rarer word) stands in a phrase in the first batch, so
    phrases are anchored on it alone and ``Tô Lim`` is not a near-phrase — in whichever
    batch it was indexed (it was one only in a batch without a ``lâm``)."""
    articles = [article_from_text("Tin\n\nÔng Tô Lâm đến. Trời mưa to.", "phrase", None)]
    articles += [article_from_text(f"Tin {k}\n\nTrời mưa to, gió to, sóng to.", f"to{k}", None) for k in range(20)]
    articles += [article_from_text("Tin\n\nÔng Tô Lim đến.", "typo", None)]
    several, one = _segmented(articles, [21, 1])
    assert _answer(several, "to lam") == _answer(one, "to lam")
    assert dict(_answer(several, "to lam")[2])["phrase"] == "phrase"


def test_an_index_in_several_segments_ranks_and_tiers_as_one_segment():
    """The rarest terms and the anchoring of phrases are decided over the whole index:
    queries of 2 to 4 words (typos, completions, partial matches among them) on a corpus
    of few similar syllables answer the same, hit for hit, however it was segmented."""
    rng = random.Random(21)
    syllables = "Hà Nội hà nôi ha noi Việt Nam viet nam Tô Lâm to lam tô lim lâm cá ca hi gay gây ghi".split()
    articles = []
    for number in range(60):
        words = " ".join(rng.choice(syllables) for _ in range(rng.randint(3, 30)))
        articles.append(article_from_text(f"{rng.choice(syllables)}\n\n{words}.", f"d{number}", None))
    several, one = _segmented(articles, [46, 11, 3])
    differ = [query for query in (" ".join(rng.choice(syllables).lower() for _ in range(rng.randint(2, 4)))
                                  + rng.choice(("", " ", "m")) for _ in range(200))
              if _answer(several, query) != _answer(one, query)]
    assert differ == []


def test_a_two_word_phrase_with_a_word_swapped_for_another_common_word_is_not_near():
    """``to lam``: ``ô tô năm chỗ`` (``năm`` one letter from ``lam``, both common words) is no
    near-phrase: one neighbour pins a place too loosely.  An article's own misspelling
    (``Tô Lâmm``, a word no other article holds) still is."""
    texts = {"minister": "Tin\n\nÔng Tô Lâm đến.", "car": "Tin\n\nChiếc ô tô năm chỗ đỗ trước nhà.",
             "misspelt": "Tin\n\nÔng Tô Lâmm phát biểu."}
    texts |= {f"filler{k}": "Tin\n\nNăm nay tôi làm việc, làm nhiều." for k in range(3)}
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    found = {hit.id: hit.tier for hit in index.search("to lam", limit=10).hits}
    assert found == {"minister": "phrase", "misspelt": "near"}


def test_words_near_each_other_are_found_in_articles_indexed_after_the_same_query():
    """The table of the words each query term stands for is kept for the next queries
    with the same terms: a query asked again after more articles are indexed (a new
    written form of one of its words among them) tiers them as a fresh index does."""
    first = [article_from_text(text, doc_id, None) for doc_id, text in ARTICLES.items()]
    later = [article_from_text("Họp báo\n\nThủ tướng Chính phủ Phạm Minh Chình đã chủ trì.", "later", None)]
    index = SearchIndex.build(first)
    query = "thu tuong pham minh chinh "
    before = _answer(index, query)
    index.add(later)
    assert _answer(index, query) == _answer(SearchIndex.build(first + later), query)
    assert dict(_answer(index, query)[2])["later"] == "near"
    assert _answer(index, query)[0] == before[0] + 1
