"""Turn hand annotations (entity strings in order of appearance) into gold lines with offsets.

Input lines: ``{"id", "source", "text", "ents": [["PER", "Trần Thanh Mẫn"], ["ORG", "Reuters",
"credit"], ...]}`` — each entity's exact text, in the order it appears; the same string twice
means two mentions.  Each is looked up, on word boundaries, after the end of the previous one, so
no offset is typed by hand; a number among the flags skips that many earlier matches (``["LOC",
"Nam", 1]`` when the first "Nam" after the previous entity is not the one meant), and ``"glued"``
lets the entity's end touch a letter where the source lost a space (``Sở GD-ĐTchỉ``).  Output
lines: ``{"id", "source", "text", "entities": [{"start", "end", "type", "text"[, "credit": true]}]}``.
Any entity not found, an unknown type, or a span with surrounding spaces or punctuation stops with
the line number and the problem.

    .venv/bin/python bench/gold/own/resolve.py IN.annotated.jsonl OUT.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TYPES = {"PER", "LOC", "ORG"}
EDGE_PUNCTUATION = " \t\n.,;:!?\"'“”‘’()[]«»-–—"


def find_word(text: str, surface: str, position: int, skip: int, glued: bool = False) -> int:
    """The offset of ``surface`` standing as whole words at or after ``position``, or -1.

    ``glued``: the source text lost the space after the entity, so a letter may follow it."""
    start = text.find(surface, position)
    while start >= 0:
        before = text[start - 1] if start else " "
        after = text[start + len(surface)] if start + len(surface) < len(text) else " "
        if not before.isalnum() and (glued or not after.isalnum()):
            if skip == 0:
                return start
            skip -= 1
        start = text.find(surface, start + 1)
    return -1


def resolve(record: dict, line: int) -> dict:
    text = record["text"]
    position = 0
    entities = []
    for item in record.get("ents", []):
        kind, surface, *flags = item
        if kind not in TYPES:
            raise SystemExit(f"line {line}: unknown type {kind!r} in {record['id']}")
        if not surface or surface[0] in EDGE_PUNCTUATION or surface[-1] in EDGE_PUNCTUATION.replace(".", ""):
            raise SystemExit(f"line {line}: span {surface!r} starts or ends with a space or punctuation")
        skip = next((f for f in flags if isinstance(f, int)), 0)
        start = find_word(text, surface, position, skip, glued="glued" in flags)
        if start < 0:
            raise SystemExit(f"line {line}: {surface!r} not found after offset {position} in {record['id']}")
        entity = {"start": start, "end": start + len(surface), "type": kind, "text": surface}
        if "credit" in flags:
            entity["credit"] = True
        entities.append(entity)
        position = start + len(surface)
    return {"id": record["id"], "source": record.get("source"), "text": text, "entities": entities}


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    out = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            out.append(resolve(json.loads(line), number))
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} records, {sum(len(r['entities']) for r in out)} entities -> {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
