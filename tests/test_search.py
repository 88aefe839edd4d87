"""Matching and ranking rules of the search engine, on small made-up articles."""

from __future__ import annotations

import threading

import pytest

from tui.core.loader import article_from_text
from tui.core.search import SearchIndex, find_matches
from tui.core.text import fold

FILLER = "Phiên họp diễn ra trong không khí cởi mở và thẳng thắn giữa các bên liên quan."


def make(doc_id: str, title: str, body: str):
    """An article whose first line is its headline."""
    return article_from_text(f"{title}\n\n{body}\n\n{FILLER}", doc_id, None)


def ids(index: SearchIndex, query: str, **kwargs) -> list[str]:
    return [hit.id for hit in index.search(query, **kwargs).hits]


def matched_texts(article, query: str) -> list[str]:
    return [(article.title if s.field == "title" else article.text)[s.start : s.end] for s in find_matches(article, query)]


@pytest.fixture()
def corpus():
    return [
        make("belarus", "Tổng thống Lukashenko tiếp Tổng Bí thư", "Tổng thống Lukashenko đón Tổng Bí thư Tô Lâm tại Minsk, Belarus."),
        make("hanoi", "Giao thông thủ đô ngày lễ", "Đường phố Hà Nội vắng vẻ, người dân Việt Nam về quê nghỉ lễ."),
        make("belaz", "Xe tải khổng lồ", "Hãng BelAZ giới thiệu mẫu xe mới tại triển lãm."),
        make("weather", "Thời tiết miền Bắc", "Trời rét đậm, nhiệt độ thấp nhất 8 độ C ở vùng núi."),
    ]


@pytest.fixture()
def index(corpus):
    return SearchIndex.build(corpus)


# --------------------------------------------------------------- diacritics


def test_query_without_diacritics_finds_accented_text(index):
    assert ids(index, "to lam") == ["belarus"]
    assert ids(index, "nhiet do thap nhat") == ["weather"]


def test_query_with_diacritics_finds_text(index):
    assert ids(index, "Tô Lâm") == ["belarus"]
    assert ids(index, "RÉT ĐẬM") == ["weather"]


def test_smart_diacritics_rank_exact_forms_first_only_when_typed():
    folded_only = make("to-lam-forest", "Rừng phòng hộ", "Một tổ lâm nghiệp tuần tra rừng phòng hộ mỗi ngày.")
    exact = make("to-lam", "Hội nghị", "Đồng chí Tô Lâm phát biểu tại hội nghị tổng kết năm.")
    index = SearchIndex.build([folded_only, exact])
    assert ids(index, "Tô Lâm") == ["to-lam", "to-lam-forest"]
    assert ids(index, "tổ lâm") == ["to-lam-forest", "to-lam"]
    unaccented = index.search("to lam").hits
    assert {h.id for h in unaccented} == {"to-lam", "to-lam-forest"}
    assert unaccented[0].score == pytest.approx(unaccented[1].score, abs=0.5)



def test_typed_with_diacritics_exact_forms_rank_first_even_against_a_title():
    """The other tones' phrase in a headline (title phrase, title words) still ranks below the
    exact form in the body: ``"Tô Lâm"`` is not ``tô làm`` (a car) or ``tố lạm`` (abuse)."""
    car = make("car", "Xe ô tô làm chết người", "Một xe ô tô làm một người tử vong tại Hà Nội.")
    abuse = make("abuse", "Linh mục bị tố lạm dụng", "Các linh mục bị tố lạm dụng, theo báo cáo.")
    minister = make("minister", "Làm việc với Công an tỉnh", "Bộ trưởng Tô Lâm làm việc với Công an tỉnh Quảng Nam.")
    index = SearchIndex.build([car, abuse, minister])
    for query in ('"Tô Lâm"', "Tô Lâm"):
        hits = index.search(query).hits
        assert [h.id for h in hits][0] == "minister", query
        assert {h.tier for h in hits} == {hits[0].tier}, "the other tones still match, in the same tier, below"
    assert ids(index, "tô làm")[0] == "car" and ids(index, "tố lạm")[0] == "abuse"


# -------------------------------------------------------------------- typos


def test_one_typo_in_a_long_word_still_finds_it(index):
    assert ids(index, "lukashenco") == ["belarus"]
    assert ids(index, "lukasenko") == ["belarus"]


def test_typo_in_a_short_syllable_is_pinned_by_its_neighbours():
    scattered = make("scatter", "Tin vắn", "Cuộc họp kết thúc sớm. Tác giả cuốn sách đã phát biểu.")
    phrase = make("coop", "Tin vắn", "Hai nước ký kết thỏa thuận hợp tác kinh tế.")
    index = SearchIndex.build([scattered, phrase])
    assert ids(index, "hop tsc")[0] == "coop"
    assert ids(index, "thoa thuan hop tsc kinh te") == ["coop"]
    assert matched_texts(phrase, "hop tsc") == ["hợp tác"]


def test_exact_spelling_ranks_above_typo_match():
    typo = make("typo", "Tin vắn", "Ông Lukashenko phát biểu tại Minsk.")
    exact = make("exact", "Tin vắn", "Nhà báo Lukashenco phỏng vấn tại Minsk.")
    index = SearchIndex.build([typo, exact])
    assert ids(index, "lukashenco") == ["exact", "typo"]


def test_short_words_are_not_matched_by_edit_distance_on_their_own(index):
    assert ids(index, "xyz") == []
    assert ids(index, "lan ") == [], "'lan' is one edit from 'lâm' but too short to match alone"


# -------------------------------------------------------- phrase and title


def test_phrase_beats_the_same_words_scattered():
    scattered = make("scattered", "Tin vắn", "Nhà nước quy định giá. Máy móc được nhập khẩu. Nước sông dâng cao.")
    phrase = make("phrase", "Tin vắn", "Giá bán của nhà máy nước sông Đuống tăng mạnh.")
    index = SearchIndex.build([scattered, phrase])
    assert ids(index, "nha may nuoc") == ["phrase", "scattered"]


def test_title_match_beats_body_match():
    body = make("body", "Tin kinh tế", "Chứng khoán tăng điểm mạnh trong phiên sáng nay.")
    title = make("title", "Chứng khoán tăng điểm", "Thị trường khởi sắc trong phiên sáng nay.")
    index = SearchIndex.build([body, title])
    assert ids(index, "chung khoan tang diem") == ["title", "body"]


def test_related_block_is_not_searched_as_body():
    text = "Giá vàng hôm nay\n\nGiá vàng giảm nhẹ.\n\nCó thể bạn quan tâm\n\nBóng đá Anh: Arsenal thắng đậm"
    article = article_from_text(text, "gold", None)
    index = SearchIndex.build([article])
    assert ids(index, "arsenal") == []
    assert ids(index, "gia vang") == ["gold"]


# ------------------------------------------------------ joined and prefix


def test_joined_syllables_match_the_spaced_words(index):
    assert ids(index, "vietnam") == ["hanoi"]
    assert ids(index, "hanoi") == ["hanoi"]
    assert ids(index, "belaz") == ["belaz"]
    assert "Hà Nội" in [t for t in matched_texts(index.articles[1], "hanoi")]


def test_last_term_matches_as_prefix_while_typing(index):
    assert ids(index, "luka") == ["belarus"]
    assert ids(index, "tong thong luka") == ["belarus"]
    assert ids(index, "thu do ng") == ["hanoi"], "a short start completes inside a phrase (ng -> ngày)"
    assert ids(index, "luka ") == [], "a finished word (trailing space) is not a prefix"


def test_prefix_match_ranks_below_the_whole_word():
    longer = make("longer", "Tin vắn", "Đội tuyển Lào thắng trận.")
    whole = make("whole", "Tin vắn", "Đội tuyển La Mã thắng trận.")
    index = SearchIndex.build([longer, whole])
    assert ids(index, "la") == ["whole", "longer"]


# ------------------------------------------------------- quotes, exclusion


def test_quoted_phrase_must_match_as_a_phrase():
    scattered = make("scattered", "Tin vắn", "Cuộc họp kết thúc. Tác phẩm được trao giải.")
    phrase = make("phrase", "Tin vắn", "Hai bên thúc đẩy hợp tác toàn diện.")
    index = SearchIndex.build([scattered, phrase])
    assert set(ids(index, "hop tac")) == {"scattered", "phrase"}
    assert ids(index, '"hop tac"') == ["phrase"]
    assert ids(index, '"tac hop"') == []


def test_minus_term_excludes_articles_containing_it(index):
    assert ids(index, "tổng")[0] == "belarus"
    assert "belarus" not in ids(index, "tổng -belarus")
    assert ids(index, 'xe -"triển lãm"') == []
    assert ids(index, "xe -minsk") == ["belaz"]


def test_docs_restricts_results_to_allowed_documents(index):
    assert ids(index, "le") == ["hanoi"]
    assert ids(index, "minsk", docs={1, 2, 3}) == []
    assert ids(index, "minsk", docs={0}) == ["belarus"]
    assert ids(index, "nhung", docs=set()) == []


# --------------------------------------------------------- results shape


def test_hits_carry_spans_and_a_snippet_with_the_match_marked(index):
    hit = index.search("to lam").hits[0]
    article = index.articles[hit.doc]
    assert hit.id == "belarus" and hit.score > 0
    assert [article.text[s.start : s.end] for s in hit.spans if s.field == "body"] == ["Tô Lâm"]
    assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["Tô Lâm"]
    assert "\n" not in hit.snippet


def test_find_matches_returns_every_occurrence_in_reading_order():
    article = make("many", "Việt Nam và Belarus", "Việt Nam hợp tác với Belarus. Quan hệ Việt Nam - Belarus phát triển.")
    spans = find_matches(article, "viet nam")
    assert [(s.field, article.title[s.start : s.end] if s.field == "title" else article.text[s.start : s.end]) for s in spans] == [
        ("title", "Việt Nam"), ("body", "Việt Nam"), ("body", "Việt Nam"),
    ]
    body_starts = [s.start for s in spans if s.field == "body"]
    assert body_starts == sorted(body_starts)


def test_total_counts_all_matching_documents_beyond_the_limit():
    articles = [make(f"d{i}", "Tin vắn", f"Bản tin số {i} về thời tiết.") for i in range(30)]
    index = SearchIndex.build(articles)
    results = index.search("thoi tiet", limit=5)
    assert len(results.hits) == 5 and results.total == 30


def test_suggest_offers_vocabulary_words(index):
    assert "lukashenko" in index.suggest("luka")
    assert "lukashenko" in index.suggest("lukashenco")
    assert "việt" in index.suggest("vie"), "suggestions are shown as written, with diacritics"
    assert index.suggest("") == []


# ------------------------------------------------------------ incremental


def test_incremental_batches_search_like_one_build(corpus):
    whole = SearchIndex.build(corpus)
    parts = SearchIndex()
    for article in corpus:
        parts.add([article])
        assert len(parts) == len(parts.articles)
    for query in ("to lam", "hanoi", "tong thong luka", "xe", "tong -belarus"):
        assert [(h.id, round(h.score, 3)) for h in parts.search(query).hits] == [
            (h.id, round(h.score, 3)) for h in whole.search(query).hits
        ]


def test_many_small_batches_keep_every_document_searchable():
    index = SearchIndex()
    for i in range(200):
        index.add([make(f"n{i}", "Tin vắn", f"Mã số bài viết {i:04d} và nội dung riêng.")])
    assert len(index) == 200
    assert ids(index, "0137") == ["n137"]
    assert index.search("noi dung rieng", limit=3).total == 200


def test_search_while_another_thread_adds_articles():
    index = SearchIndex()
    errors: list[BaseException] = []

    def writer():
        for i in range(100):
            index.add([make(f"w{i}", "Tin vắn", f"Nội dung bài số {i} hôm nay.")])

    def reader():
        try:
            for _ in range(200):
                results = index.search("noi dung bai")
                assert all(fold(index.articles[h.doc].id).startswith("w") for h in results.hits)
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert index.search("noi dung bai", limit=1).total == 100


def test_seeds_find_their_headline_people(seed_articles):
    index = SearchIndex.build(seed_articles)
    assert ids(index, "Lukashenko vui mừng gặp lại", limit=1) == ["003_1c54234b48ba09a0.txt"]
    assert ids(index, "cung co tinh huu nghi", limit=1) == ["000_6406a84c14c76ffd.txt"]


# ------------------------------------------------- typos versus joined words


def test_a_mistyped_word_is_not_taken_for_joined_syllables():
    """``hoav`` is one typo from ``hoặc``; ``hoa`` + ``v`` is no split (``v`` has no vowel)."""
    target = make("target", "Tin vắn", "Con vật có thể đã chết đuối hoặc bị gãy cổ khi bị mắc kẹt.")
    decoy = make("decoy", "Tin vắn", "Bó hoa v bị gãy cổ ngay trong ngày.")
    index = SearchIndex.build([decoy, target])
    assert ids(index, "hoav bi gay co")[0] == "target"


def test_joined_form_and_spaced_form_are_both_found():
    joined = make("joined", "Tin vắn", "Công ty Hanoi Telecom ra mắt dịch vụ mới.")
    spaced = make("spaced", "Tin vắn", "Thành phố Hà Nội ra mắt dịch vụ mới.")
    index = SearchIndex.build([joined, spaced])
    assert set(ids(index, "hanoi")) == {"joined", "spaced"}


def test_a_joined_word_asked_again_finds_its_syllables_together_only_as_at_first():
    """The split's phrase is read once and kept for the next queries: asked again, and
    after more articles are indexed, ``hanoi`` still finds ``Hà Nội`` written together and
    never ``Hà ... Nội`` apart, as a fresh index answers."""
    spaced = make("spaced", "Tin vắn", "Thành phố Hà Nội ra mắt dịch vụ mới.")
    apart = make("apart", "Tin vắn", "Sông Hà chảy qua, Nội thành vắng vẻ.")
    index = SearchIndex.build([spaced, apart])
    first = ids(index, "hanoi ra mat")
    assert first == ["spaced"]
    assert ids(index, "hanoi ra mat") == first
    later = [make("later", "Tin mới", "Hà Nội ra mắt tuyến xe buýt điện."), make("later-apart", "Tin mới", "Ở Hà, Nội ra mắt chợ đêm.")]
    index.add(later)
    assert sorted(ids(index, "hanoi ra mat")) == ["later", "spaced"]
    assert ids(index, "hanoi ra mat") == ids(SearchIndex.build([spaced, apart, *later]), "hanoi ra mat")


# ---------------------------------------------------------- lazy locating


def test_spans_computed_on_demand_equal_find_matches(index):
    results = index.search("tong thong lukashenko").prepare()
    hit = results.hits[0]
    assert hit.spans == find_matches(index.articles[hit.doc], "tong thong lukashenko")
    assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["Tổng thống Lukashenko"]


def test_exact_phrase_pages_still_count_every_matching_document():
    phrases = [make(f"p{i}", "Tin vắn", f"Bản tin thời tiết số {i}.") for i in range(15)]
    scattered = [make(f"s{i}", "Tin vắn", f"Thời sự số {i}: tiết kiệm điện.") for i in range(5)]
    index = SearchIndex.build(phrases + scattered)
    results = index.search("thoi tiet", limit=3)
    assert [h.id for h in results.hits] == ["p0", "p1", "p2"]
    assert results.total == 20


def _synthetic_articles(count: int, seed: int = 5):
    """Articles of common syllables, many of them sharing first letters, so a
    one- or two-letter last word expands to many words found nearly everywhere."""
    import random

    rng = random.Random(seed)
    words = ("nga ngay nguoi nhu nam nay noi nhieu nuoc nhan nghe ngan nhat nho "
             "ta tai tan tam the thi tho thu tren truoc trong cho cua con cung "
             "dem dong rang rep khua ghia lep mot hai ba bon").split()
    articles = []
    for number in range(count):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(3, 8)))
        body = ". ".join(" ".join(rng.choice(words) for _ in range(rng.randint(6, 14))) for _ in range(rng.randint(3, 12)))
        articles.append(article_from_text(f"{title}\n\n{body}.", f"doc{number}", None))
    return articles


def test_lazily_scored_prefix_gives_the_full_pass_results(monkeypatch):
    """A short last word expanded to many common words is only counted in the
    documents that may rank: the hits, scores and totals are those of
    counting it everywhere."""
    import tui.core.search.counts as counts_module

    articles = _synthetic_articles(700)
    queries = ["dem n", "rep dong rang n", "khua ghia t", "nha n", "ta th", "mot hai n", "nguoi nh", "lep d", "cua c", "tai nguoi t"]
    monkeypatch.setattr(counts_module, "DENSE_MIN_POSITIONS", 1)
    results = {}
    for lazy_words in (10**9, 2):
        monkeypatch.setattr(counts_module, "LAZY_MIN_WORDS", lazy_words)
        index = SearchIndex.build(articles)
        for limit in (3, 10, 50):
            for docs in (None, range(0, 700, 7)):
                for query in queries:
                    found = index.search(query, limit=limit, docs=docs)
                    results.setdefault((limit, docs, query), []).append(([(h.id, h.score) for h in found.hits], found.total))
    for key, (full, lazy) in results.items():
        assert lazy == full, key
    assert any(full[1] > 50 for full, _ in results.values())


def test_lazy_scoring_is_used_for_short_prefixes(monkeypatch):
    import tui.core.search.counts as counts_module
    import tui.core.search.scoring as scoring_module

    monkeypatch.setattr(counts_module, "DENSE_MIN_POSITIONS", 1)
    calls = []
    original = scoring_module.score_lazily
    monkeypatch.setattr(scoring_module, "score_lazily", lambda *a, **k: calls.append(1) or original(*a, **k))
    index = SearchIndex.build(_synthetic_articles(300))
    assert index.search("dem n", limit=5).hits
    assert calls


def test_stable_order_prefixes_equal_a_full_stable_argsort():
    import numpy as np

    from tui.core.search.arrays import StableOrder

    rng = np.random.default_rng(1)
    for trial in range(200):
        size = int(rng.integers(1, 3000))
        keys = rng.integers(0, int(rng.integers(1, 50)), size).astype(float) if trial % 2 else rng.random(size)
        full = np.argsort(keys, kind="stable")
        order = StableOrder(keys)
        done, batch = 0, int(rng.integers(1, 300))
        while done < size:
            assert np.array_equal(order[done : done + batch], full[done : done + batch])
            done += batch
            if done < size:
                assert order[done] == full[done]
            batch *= 4


def test_phrase_anchors_on_a_term_with_a_word_absent_from_the_documents_read():
    """Anchoring on an expanded term some of whose words have no position in
    the documents read (bounded scoring reads a few documents at a time)."""
    import numpy as np

    from tui.core.query import parse_query
    from tui.core.search.phrases import AnchorPhrases
    from tui.core.search.plan import Planner

    index = SearchIndex.build(_synthetic_articles(60))
    state = index._store.state
    seg = state.segments[0]
    plans = [Planner(index._store, state, {}).plan(term) for term in parse_query("dem ng").terms]
    slices = [[(seg.positions(i), w) for i, w in plan.entries if len(seg.positions(i))] for plan in plans]
    full = AnchorPhrases(seg, plans, slices, [1], state, index._pinned, index._store.vocab.folded)
    emptied = [slices[0], [(p[:0], w) for p, w in slices[1][:2]] + slices[1][2:]]
    some = AnchorPhrases(seg, plans, emptied, [1], state, index._pinned, index._store.vocab.folded)
    assert 0 < len(some.anchors) < len(full.anchors)
    assert set(some.anchors.tolist()) <= set(full.anchors.tolist())
    none = AnchorPhrases(seg, plans, [slices[0], [(p[:0], w) for p, w in slices[1]]], [1], state, index._pinned, index._store.vocab.folded)
    assert len(none.anchors) == 0 and np.array_equal(none.docs, none.docs[:0])


def test_near_spellings_are_every_word_within_the_budget_however_they_are_looked_up():
    """The typo expansion skips words by length and letters before rapidfuzz compares the
    rest: it must find exactly the words a comparison with every word of the vocabulary finds
    (swapped letters, a letter more or less, two edits for long words, digits)."""
    import random

    from rapidfuzz.distance import Levenshtein

    from tui.core.search.plan import FIRST_REAL_ID, Planner

    rng = random.Random(3)
    letters = "aabcdeghiklmnoptuy0"
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(1, 10))) for _ in range(3000)})
    texts = [" ".join(words[i:i + 30]) for i in range(0, len(words), 30)]
    index = SearchIndex.build([article_from_text(f"Tin {k}\n\n{t}.", f"d{k}", None) for k, t in enumerate(texts)])
    store = index._store
    state = store.state
    for target in ["nguoi", "thanh", "khong", "a1b2", "ngheo", "tuyen", "hoang", "kiem"] + words[::97]:
        for budget in (1, 2):
            found = Planner(store, state, {}).typo_entries(target, budget)
            every = [i for i, w in enumerate(store.vocab.folded) if FIRST_REAL_ID <= i < state.folded_count
                     and 0 < Levenshtein.distance(target, w) <= budget and state.df[i] > 0]
            every.sort(key=lambda i: (Levenshtein.distance(target, store.vocab.folded[i]), -int(state.df[i]), i))
            assert [i for i, _ in found] == every[:30], (target, budget)


def test_lookups_prepared_before_the_first_query_answer_as_made_on_demand(corpus):
    """The explorer prepares the completion and typo lookups as loading ends; typed in part or
    mistyped, words find the same articles, and words of articles added afterwards too
    (a prepared lookup never hides what was indexed since)."""
    prepared = SearchIndex.build(corpus)
    prepared.prepare_lookups()
    on_demand = SearchIndex.build(corpus)
    for query in ("luka", "lukashenco", "tong thong luka", "thu do ng", "belas"):
        assert ids(prepared, query) == ids(on_demand, query), query
    prepared.add([make("minsk", "Quảng trường Độc lập", "Du khách dạo quanh quảng trường Oktyabrskaya.")])
    assert ids(prepared, "oktyab") == ["minsk"], "a word indexed after the lookups were prepared completes"
    assert ids(prepared, "oktyabrskaja") == ["minsk"], "and is found mistyped"


def test_phrases_anchored_on_the_two_rarest_terms_are_those_of_each_joined():
    """Phrases anchored on the two rarest terms are made from those the rarest alone found
    (read while deciding how to anchor) followed by the second's: the same anchors, weights,
    runs and documents as one pass anchored on both, pinned typos and partial runs too."""
    import numpy as np

    from tui.core.query import TYPO_WEIGHT, parse_query
    from tui.core.search.phrases import AnchorPhrases
    from tui.core.search.plan import Planner

    articles = _synthetic_articles(80) + [
        article_from_text(f"Tin {k}\n\n{body}.", f"typo{k}", None)
        for k, body in enumerate(["nguoi nhieo thu nam", "nguoj nhieu thu nay", "mot hxi ba bon", "mot hai bz bon nam",
                                  "tren truoc trong cho", "tren truoc trog cho"])]
    index = SearchIndex.build(articles)
    state = index._store.state
    seg = state.segments[0]
    typos = 0
    for query in ("nguoi nhieu thu", "mot hai ba bon", "tren truoc trong", "dem dong", "nguoi nhieu"):
        plans = [Planner(index._store, state, {}).plan(term) for term in parse_query(query).terms]
        slices = [[(seg.positions(i), w) for i, w in plan.entries if len(seg.positions(i))] for plan in plans]
        rarest, second = sorted(range(len(plans)), key=lambda t: (sum(len(p) for p, _ in slices[t]), t))[:2]

        def anchored(terms):
            return AnchorPhrases(seg, plans, slices, terms, state, index._pinned, index._store.vocab.folded)

        both = anchored([rarest, second])
        joined = anchored([rarest]).joined(anchored([second]))
        assert len(both.anchors) > 0, query
        for name in ("anchors", "weights", "runs", "full", "docs"):
            assert getattr(joined, name).dtype == getattr(both, name).dtype, (query, name)
            assert np.array_equal(getattr(joined, name), getattr(both, name)), (query, name)
        assert np.array_equal(joined.matching_docs(), both.matching_docs()), query
        assert np.array_equal(joined.exact_docs(), both.exact_docs()), query
        typos += int((both.weights == TYPO_WEIGHT).sum())
    assert typos > 0  # pinned typos were met
