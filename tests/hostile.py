"""A hostile corpus, made on the fly: every kind of bad file a real collection holds,
mixed with good articles.  Nothing large is committed; the big files are written here.

``make_hostile_corpus(root)`` returns the ids of the good articles that must load
and the file names that must each be named in a warning.
"""

from __future__ import annotations

import io
import json
import os
import random
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

GOOD_TEXT = (
    "Tổng Bí thư Tô Lâm thăm Belarus\n\n"
    "Chiều 30/1/2025, Tổng Bí thư Tô Lâm hội đàm với Tổng thống Aleksandr Lukashenko tại Minsk.\n\n"
    "Hai bên nhất trí thúc đẩy hợp tác kinh tế, thương mại và đầu tư."
)
#: Escape sequences a hostile file might carry: set the window title (OSC 0), write
#: the clipboard (OSC 52), recolour (SGR), move the cursor and clear the screen (CSI).
ESCAPES = "\x1b]0;PWNED-TITLE\x07\x1b]52;c;cHduZWQ=\x07\x1b[31;1m\x1b[2J\x1b[H\x9b31m"
BIDI = "\u202eevil\u202c\u2066x\u2069"
WIDTH_BREAKERS = "👨‍👩‍👧‍👦 \u0301\u0301 a\u200db 🇻🇳 ﷽"


@dataclass
class HostileCorpus:
    root: Path
    good_ids: list[str] = field(default_factory=list)
    warned_files: list[str] = field(default_factory=list)


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as legacy editors wrote it: base letters precomposed, tones combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones))
        out += (base + "".join(m for m in marks if m in tones)).encode("cp1258")
    return out


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 (ABC) bytes for lower-case text, as old .VnTime documents hold it."""
    from tui.core.text import _TCVN3_LETTERS

    reverse = {letter: byte for byte, letter in _TCVN3_LETTERS.items()}
    return bytes(reverse.get(c, ord(c)) for c in text)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", GOOD_TEXT)
    return buffer.getvalue()


def make_hostile_corpus(root: Path, big: bool = True) -> HostileCorpus:
    """Write the hostile corpus under ``root``; ``big`` adds the 10 MB line and the 100 MB file."""
    rng = random.Random(1)
    corpus = HostileCorpus(root)
    root.mkdir(parents=True, exist_ok=True)

    def good(name: str, data: bytes | str, doc_id: str | None = None) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        corpus.good_ids.append(doc_id or name)

    def bad(name: str, data: bytes | str, warned: bool = True) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if warned:
            corpus.warned_files.append(name)

    good("good.txt", GOOD_TEXT)
    good("nested/" + "/".join(["deeper"] * 40) + "/deep.txt", GOOD_TEXT)
    good("nfd.txt", unicodedata.normalize("NFD", GOOD_TEXT))
    good("mixed.txt", unicodedata.normalize("NFD", GOOD_TEXT[:60]) + GOOD_TEXT[60:])
    bad("legacy-1258.txt", encode_cp1258(GOOD_TEXT))
    corpus.good_ids.append("legacy-1258.txt")
    bad("tcvn3.txt", encode_tcvn3(GOOD_TEXT.lower()))
    corpus.good_ids.append("tcvn3.txt")
    bad("utf16-bom.txt", GOOD_TEXT.encode("utf-16"))
    corpus.good_ids.append("utf16-bom.txt")
    bad("utf16-nobom.txt", GOOD_TEXT.encode("utf-16-le"))
    corpus.good_ids.append("utf16-nobom.txt")
    bad("broken-utf8.txt", GOOD_TEXT.encode() + b"\xff\xfe\xc3(" + "Hà Nội.".encode())
    corpus.good_ids.append("broken-utf8.txt")
    good("escapes.txt", f"Tin có mã điều khiển {ESCAPES}\n\nNội dung {ESCAPES} {BIDI} {WIDTH_BREAKERS} về Hà Nội.")
    good("wide.txt", f"Tiêu đề {WIDTH_BREAKERS}\n\nThân bài {WIDTH_BREAKERS} và Tô Lâm.")

    bad("image.png", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2000)))
    bad("archive.zip", _zip_bytes())
    bad("random.txt", bytes(rng.randrange(256) for _ in range(5000)))
    bad("random-nonul.txt", bytes(rng.randrange(1, 256) for _ in range(5000)))
    bad("empty.txt", b"")
    bad("blank.txt", b"  \n\t\n \r\n")
    lines = [
        json.dumps({"id": "j1", "title": "Bài JSONL", "text": GOOD_TEXT}, ensure_ascii=False),
        "{broken json",
        json.dumps({"id": "j2", "title": "Thiếu nội dung"}),
        json.dumps({"id": "j3", "text": ["không", "phải", "chuỗi"]}),
        json.dumps({"id": "j1", "text": "Trùng id với bài trước."}, ensure_ascii=False),
        json.dumps({"id": "j4", "title": f"Tiêu đề {ESCAPES}", "text": GOOD_TEXT}, ensure_ascii=False),
    ]
    bad("data.jsonl", "\n".join(lines))
    corpus.good_ids += ["j1", "j1~2", "j4"]
    bad("wrong.json", json.dumps({"id": "w", "text": 12}))
    loop = root / "loop"
    if not loop.exists():
        loop.symlink_to(root, target_is_directory=True)
    corpus.warned_files.append("loop")
    name_with_escape = "tên\x1b]0;PWNED\x07.txt"
    good(name_with_escape, GOOD_TEXT)
    # Issue 18: lone surrogate escapes in a record, a file name that is not UTF-8, a named pipe.
    bad("surrogates.jsonl", '{"id":"s1","title":"Hà Nội","text":"Hà Nội \\ud800 b"}\n'
                            '{"id":"s2","text":"' + GOOD_TEXT.replace("\n", "\\n") + '"}\n')
    corpus.good_ids += ["s1", "s2"]
    with open(os.path.join(os.fsencode(root), b"t\xeau\xff.txt"), "wb") as handle:
        handle.write(GOOD_TEXT.encode("utf-8"))
    corpus.good_ids.append("t\\xeau\\xff.txt")
    corpus.warned_files.append("t\\xeau\\xff.txt")
    if hasattr(os, "mkfifo") and not (root / "pipe.txt").exists():
        os.mkfifo(root / "pipe.txt")
        corpus.warned_files.append("pipe.txt")
    if big:
        bad("one-line-10mb.txt", ("Hà Nội là thủ đô của Việt Nam " * 350_000)[:10_000_000])
        corpus.good_ids.append("one-line-10mb.txt")
        with open(root / "huge-100mb.txt", "wb") as handle:
            block = ("Đoạn văn dài về kinh tế Việt Nam và Belarus. " * 2000 + "\n").encode()
            for _ in range(100_000_000 // len(block) + 1):
                handle.write(block)
        corpus.warned_files.append("huge-100mb.txt")
        corpus.good_ids.append("huge-100mb.txt")
    os.utime(root)
    return corpus


def snapshot_tree(root: Path) -> dict[str, tuple[bytes | str, int]]:
    """Every entry under ``root`` with its bytes (or link target) and mode: to prove nothing changed."""
    state: dict[str, tuple[bytes | str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = path.lstat()
            if path.is_symlink():
                state[str(path)] = (os.readlink(path), info.st_mode)
            elif path.is_file():
                state[str(path)] = (path.read_bytes(), info.st_mode)
            else:
                state[str(path)] = (b"", info.st_mode)
    return state
