"""Filter terms of a query: ``date:``, ``source:``, ``author:``, ``per:``, ``org:``, ``loc:``.

One parser for every place a query is typed (the search bar, ``search``, ``timeline``,
``entities --query``, ``export``, saved searches)::

    covid date:2020-03..2020-04 source:dantri.com.vn per:"Park Hang Seo" -org:WHO

* ``date:2020``, ``date:2020-03``, ``date:2020-03-17`` — that year, month or day;
  ``date:2020-03-01..2020-06-30`` (either end may be left out: ``date:2021..``);
  ``date:>=2021-01``, ``date:>2021-01``, ``date:<2019-12``, ``date:<=2019-12``.
  An article dated less precisely than the filter (``2020`` against ``date:2020-03``) does
  not match; undated articles match no date filter.
* ``source:dantri`` — the article's source, or its URL's host and path, starts with that.
* ``author:"Trường Thịnh"`` — the article is signed or supplied by that name: its byline,
  ``Theo Reuters``, a photo credit (diacritics and case optional).
* ``per:NAME``, ``org:NAME``, ``loc:NAME`` — the article mentions that person,
  organisation or place (by any of its aliases, diacritics optional; quote a name of
  several words).  These are the entity sidebar's filters, written out.
* ``-`` before a filter excludes what it matches.  Every filter must hold (they combine
  with AND), and with words the query is searched among the articles they keep; a query
  of filters alone lists every article they keep.

A prefix that is none of these (``foo:bar``, ``http://…``) is ordinary words.  What cannot
be read (``date:2020-13``, ``date:2020-02-30``, an empty value, an unbalanced quote)
raises :class:`QuerySyntaxError` with one line saying what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


#: How results can be ordered (see :mod:`tui.core.find`).
SORTS = ("relevance", "newest", "oldest")
#: Entity filters and the entity type each one names.
ENTITY_PREFIXES = {"per": "PER", "org": "ORG", "loc": "LOC"}
PREFIXES = ("date", "source", "author", *ENTITY_PREFIXES)
_QUOTES = '"“”„«»'
_TERM_RE = re.compile(
    rf"(?P<phrase>-?[{_QUOTES}][^{_QUOTES}]*[{_QUOTES}])"
    rf"|(?<![^\s(])(?P<neg>-?)(?P<prefix>[A-Za-z]+):(?:[{_QUOTES}](?P<quoted>[^{_QUOTES}]*)[{_QUOTES}]|(?P<bare>[^\s{_QUOTES}]*))"
)
_DAY_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPARISON_RE = re.compile(r"^(>=|<=|>|<)(.*)$")
#: Bounds of a day key range (``tui.core.dates.day_key``): every dated article is inside.
FIRST_KEY, LAST_KEY = 1, 99999999
DATE_HELP = "write date:2020, date:2020-03, date:2020-03-17, date:2020-03..2020-06 or date:>=2021-01"


class QuerySyntaxError(ValueError):
    """A query that cannot be read; the message is one line saying why."""


@dataclass(frozen=True, slots=True)
class FilterTerm:
    """One filter of a query.  ``low``/``high`` bound the day keys a ``date`` term keeps;
    ``start``/``end`` locate the term in the query it was read from."""

    kind: str
    value: str
    negated: bool = False
    low: int = 0
    high: int = 0
    start: int = 0
    end: int = 0
    #: The entity's key when the term stands for a chip of the sidebar (the entity is known).
    key: str | None = None

    @property
    def text(self) -> str:
        """The term as it is written in a query (``per:"Park Hang Seo"``, ``-date:2020``)."""
        needs_quotes = not self.value or any(c.isspace() or c in _QUOTES for c in self.value)
        value = f'"{self.value}"' if needs_quotes else self.value
        return f"{'-' if self.negated else ''}{self.kind}:{value}"

    @property
    def entity_type(self) -> str | None:
        return ENTITY_PREFIXES.get(self.kind)


@dataclass(slots=True)
class Query:
    """A query split into the filters and the rest (words, phrases, exclusions), which
    goes to the search engine as it is."""

    source: str
    words: str
    filters: list[FilterTerm] = field(default_factory=list)

    @property
    def has_words(self) -> bool:
        return bool(self.words.strip())

    def of_kind(self, *kinds: str) -> list[FilterTerm]:
        return [f for f in self.filters if f.kind in kinds]


def parse(query: str) -> Query:
    """Split ``query`` into its filter terms and its words; :class:`QuerySyntaxError` if
    it cannot be read."""
    _check_quotes(query)
    filters: list[FilterTerm] = []
    words: list[str] = []
    position = 0
    for match in _TERM_RE.finditer(query):
        prefix = (match.group("prefix") or "").lower()
        if match.group("phrase") or prefix not in PREFIXES:
            continue
        words.append(query[position : match.start()])
        position = match.end()
        quoted = match.group("quoted")
        value = " ".join((quoted if quoted is not None else match.group("bare")).split())
        filters.append(_term(prefix, value, bool(match.group("neg")), match.start(), match.end(), match.group(0)))
    words.append(query[position:])
    text = " ".join(part.strip() for part in words if part.strip())
    # The words are searched as they are without the filters (a filter restricts what they
    # find, never changes it): the last one is also a prefix unless the query ends with a space.
    return Query(query, text + (" " if text and query[-1:].isspace() else ""), filters)


def _check_quotes(query: str) -> None:
    count = sum(query.count(q) for q in _QUOTES)
    if count % 2:
        at = max(query.rfind(q) for q in _QUOTES)
        raise QuerySyntaxError(f"unbalanced quote in {query[at:at + 30]!r}: close the phrase or name with \"")


def _term(prefix: str, value: str, negated: bool, start: int, end: int, written: str) -> FilterTerm:
    if not value:
        example = {"date": "date:2020-03", "source": "source:dantri.com.vn"}.get(prefix, f'{prefix}:"Hà Nội"')
        raise QuerySyntaxError(f"{written.strip()!r} needs a value, e.g. {example}")
    low = high = 0
    if prefix == "date":
        low, high = date_range(value)
    return FilterTerm(prefix, value, negated, low, high, start, end)


def date_range(value: str) -> tuple[int, int]:
    """The day keys (inclusive) a ``date:`` value keeps; :class:`QuerySyntaxError` if it is
    not one of the documented forms or names a day that does not exist."""
    comparison = _COMPARISON_RE.match(value)
    if comparison:
        operator, day = comparison.groups()
        low, high = _day_bounds(day, value)
        return {">=": (low, LAST_KEY), ">": (high + 1, LAST_KEY),
                "<=": (FIRST_KEY, high), "<": (FIRST_KEY, low - 1)}[operator]
    if ".." in value:
        first, _, last = value.partition("..")
        if not first and not last:
            raise QuerySyntaxError(f"date:{value}: a range needs a start or an end; {DATE_HELP}")
        low = _day_bounds(first, value)[0] if first else FIRST_KEY
        high = _day_bounds(last, value)[1] if last else LAST_KEY
        if low > high:
            raise QuerySyntaxError(f"date:{value}: the range ends before it starts")
        return low, high
    return _day_bounds(value, value)


def _day_bounds(day: str, value: str) -> tuple[int, int]:
    """First and last day key of ``2020``, ``2020-03`` or ``2020-03-17``."""
    from .dates import valid_date  # (imported here: the explorer's first frame waited for tui.core.dates)

    found = _DAY_RE.match(day.strip())
    if not found:
        raise QuerySyntaxError(f"date:{value}: {day!r} is not a date; {DATE_HELP}")
    year, month, day_of_month = (int(g) if g else None for g in found.groups())
    if month is not None and not 1 <= month <= 12:
        raise QuerySyntaxError(f"date:{value}: there is no month {month}")
    if not valid_date(year, month, day_of_month):  # type: ignore[arg-type]
        raise QuerySyntaxError(f"date:{value}: {year:04d}-{month:02d} has no day {day_of_month}")
    key = year * 10000 + (month or 0) * 100 + (day_of_month or 0)  # type: ignore[operator]
    if day_of_month is not None:
        return key, key
    if month is not None:
        return key, key + 99
    return key, key + 9999


def chip_term(key: str, name: str) -> FilterTerm | None:
    """The filter term a sidebar chip stands for (``PER:to lam``, ``Tô Lâm`` → ``per:"Tô Lâm"``),
    or ``None`` for a chip that is no entity (a mark)."""
    kind, _, _ = key.partition(":")
    prefix = next((p for p, t in ENTITY_PREFIXES.items() if t == kind), None)
    return FilterTerm(prefix, " ".join(name.split()), key=key) if prefix else None


def needs_entities(query: str) -> bool:
    """Whether ``query`` names entities (``per:``, ``org:``, ``loc:``) or credits (``author:``):
    only then must a command line that searches find the corpus's entities first.  A query
    that cannot be read needs nothing (its error is reported when it is searched)."""
    try:
        return any(f.entity_type or f.kind == "author" for f in parse(query).filters)
    except QuerySyntaxError:
        return False
