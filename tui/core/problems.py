"""What can be wrong with an input, by code: the English wording of each load problem.

A load warning (:class:`tui.core.model.LoadWarning`) carries its problem's code and values as
well as its English words, so the explorer can say it in the interface's language
(``load.CODE`` labels in :mod:`tui.i18n`) and the cache can keep it as code and values.
A value named ``problem`` or ``kind`` is itself a code, worded in the same language; a
``line`` or ``item`` value says where in the file (``line 12: …``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

PROBLEMS: dict[str, str] = {
    # files and folders
    "no_such_path": "no such file or directory",
    "not_a_file": "{kind}, not a file: skipped",
    "kind.fifo": "a named pipe (FIFO)",
    "kind.char": "a character device",
    "kind.block": "a block device",
    "kind.socket": "a socket",
    "kind.other": "not a regular file",
    "name_not_utf8": "file name is not valid UTF-8 (its undecodable bytes are shown as \\xNN)",
    "symlink_loop": "directory visited already (symbolic-link loop), skipped",
    "cannot_list": "cannot list directory ({reason})",
    "cannot_read": "cannot read ({reason})",
    "cannot_read_skipped": "cannot read ({reason}), skipped",
    "not_article_file": "skipped: not an article file ({suffix})",
    "not_article_file.bare": "skipped: not an article file (no extension)",
    "broken_symlink": "broken symbolic link, skipped",
    "empty_file": "empty file, skipped",
    "more_problems": "{count} more problem(s) not listed",
    "duplicate_id": "duplicate id {id!r}, renamed {new!r}",
    # decoding
    "decoded.utf16": "decoded as UTF-16",
    "decoded.utf16_no_bom": "decoded as UTF-16 without BOM",
    "decoded.utf8_replaced": "invalid UTF-8 bytes replaced at {count} place(s)",
    "decoded.tcvn3": "decoded as TCVN3 (ABC, .VnTime), converted to Unicode",
    "decoded.cp1258": "decoded as Windows-1258",
    "undecodable.codec": "invalid {codec} text ({reason})",
    "undecodable.nul": "binary file (contains NUL bytes), not text",
    "undecodable.binary": "binary file (not UTF-8, UTF-16, Windows-1258 or TCVN3 text)",
    "undecodable": "{problem}, skipped",
    "invalid_utf8_line": "invalid UTF-8 bytes replaced",
    "surrogates": "{count} lone surrogate escape(s) (\\ud800-\\udfff, not characters) replaced by U+FFFD",
    # gzip
    "gzip.truncated": "gzip file cut short (truncated)",
    "gzip.damaged": "damaged gzip data",
    "gzip.not_gzip": "not a gzip file (though its name ends in .gz), skipped",
    "gzip.nothing_read": "{problem}: nothing read from it, skipped",
    "gzip.after_one": "{problem} after 1 article: the rest of it is skipped",
    "gzip.after": "{problem} after {articles:,} articles: the rest of it is skipped",
    # JSON
    "jsonl_invalid": "invalid JSON at column {column} ({problem}), skipped",
    "json_invalid": "invalid JSON at line {at_line}, column {column} ({problem})",
    "json.extra_data": "more text after the end of the JSON value",
    "json.expecting_value": "a value is missing or is not JSON",
    "json.expecting_comma": "a ',' or a closing bracket is missing",
    "json.expecting_colon": "a ':' is missing after a key",
    "json.expecting_key": "a key is missing or not in double quotes (a comma too many?)",
    "json.unterminated_string": "a string has no closing quote",
    "json.control_character": "a raw control character (a tab or a line break) inside a string",
    "json.invalid_escape": "a backslash escape that JSON does not have",
    "json.invalid_u_escape": "a \\u escape without four hex digits",
    "json.several_values": "more than one JSON value: if it is JSON lines (one article a line), name it .jsonl",
    "not_object": "not a JSON object, skipped",
    "no_text_field": "no text field (text, body or content), skipped",
    "text_not_string": "text field is {type}, not a string, skipped",
    # one article
    "cut": "article is {size:.1f} million characters; only the first {kept:.1f} million are loaded",
    "lines_merged": "{lines:,} lines: merged into {paragraphs:,} paragraphs",
    "date_not_understood": "date {date!r} not understood (expected e.g. 2020-03-17 or 17/03/2020): indexed as undated",
    # the cache
    "cache.unusable": "cache entry unusable ({reason}); rebuilding it",
    "cache.unusable_shape": "cache entry unusable (manifest has the wrong shape); rebuilding it",
    "cache.cannot_write": "cannot write the cache ({reason})",
    "cache.disk_full": "no space left on the cache disk: the corpus is loaded but not cached",
    # where in the file
    "where.line": "line {line}: ",
    "where.item": "item {item}: ",
}

#: Values that are codes themselves, worded in the same language.
WORDED_VALUES = ("problem", "kind")


def worded(code: str, values: Mapping[str, Any], templates: Mapping[str, str] = PROBLEMS,
           fill: Callable[..., str] | None = None) -> str:
    """The problem ``code`` with its ``values`` in the words of ``templates`` (English by
    default; a code they lack in English), filled by ``fill(template, **values)`` (``str.format``
    by default; the interface's own for its number separators), after where it is in the file."""
    fill = fill or str.format
    where = "".join(fill(templates.get(f"where.{key}") or PROBLEMS[f"where.{key}"], **{key: values[key]})
                    for key in ("line", "item") if key in values)
    return where + _words(code, values, templates, fill)


def _words(code: str, values: Mapping[str, Any], templates: Mapping[str, str], fill: Callable[..., str]) -> str:
    template = templates.get(code) or PROBLEMS.get(code)
    if template is None:  # not a code: a message as it came (Python's JSON parser's, say)
        return code
    plain = {key: value for key, value in values.items() if key not in WORDED_VALUES}
    shown = {key: _words(value, plain, templates, fill) for key, value in values.items()
             if key in WORDED_VALUES and isinstance(value, str)}
    return fill(template, **plain, **shown)
