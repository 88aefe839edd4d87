"""A page of search hits builds its articles together from the cached columns: the
same articles as built one by one."""

from __future__ import annotations

import numpy as np

from tui.core.loader import article_from_text
from tui.core.store import ArticleStore
from tui.core.strings import StringTable


def _restored(articles) -> ArticleStore:
    store = ArticleStore()
    store.extend(articles)
    arrays, columns, parts = store.to_arrays()
    return ArticleStore.from_arrays({k: np.array(v) for k, v in arrays.items()},
                                    {name: StringTable.of(values) for name, values in columns.items()}, b"".join(parts))


def _articles():
    articles = [article_from_text(f"Tin số {k}\n\nĐoạn một của tin {k}.\n\nĐoạn hai, Hà Nội.", f"id{k}", f"/p/{k}.txt")
                for k in range(6)]
    articles[2].metadata["tags"] = ["thời sự"]
    articles[3].warnings.append("a warning")
    articles[4].date = "2020-01-02"
    return articles


def test_a_page_of_articles_built_together_equals_each_built_alone():
    articles = _articles()
    docs = [4, 1, 4, 0, 5, 3, 2]
    assert _restored(articles).many(docs) == [articles[doc] for doc in docs]


def test_articles_built_together_are_the_ones_read_next():
    store = _restored(_articles())
    earlier = store[1]
    page = store.many([3, 1])
    assert page[1] is earlier and store[3] is page[0]


def test_a_store_being_filled_gives_the_same_page():
    articles = _articles()
    store = ArticleStore()
    store.extend(articles)
    assert store.many([2, 0, 2]) == [articles[2], articles[0], articles[2]]
