"""A small corpus with known syndicated stories, for the tests of near-duplicate grouping.

Each story is a dozen sentences of random syllables (so two different stories share no
run of five syllables by chance) plus a sentence naming people and places; a copy is the
same text with one sentence rewritten and its own credit line, as a paper re-running a
wire story would have it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SYLLABLES = ("an bình cao dân đường giá hàng khu lớn mới năm người nhà nước phố quận sông tàu thành trường "
             "vùng xây công ty thị kinh tế học sinh bệnh viện chợ cầu đất điện giao thông hội làng mùa ngân "
             "sách nông dân phường quy hoạch rừng sản xuất tỉnh trạm vốn xe buýt biển cảng đảo gạo lúa mưa "
             "nắng gió bão lũ hạn mặn cá tôm muối chè cà phê cao su tiêu điều dừa xoài vải nhãn bưởi cam").split()

#: Story name → its copies: (id, date or None).  The first story mentions Trần Minh Tuấn and
#: Quảng Nam, the second Trần Minh Tuấn and Hà Nội; singletons are stories of one article.
GROUPS = {
    "wire": [("w1", "2020-03-05"), ("w2", "2020-03-04"), ("w3", "2020-04-01")],
    "twice": [("v1", "2020-03-10"), ("v2", None)],
    "s1": [("s1", "2020-01-15")],
    "s2": [("s2", "2020-03-20")],
    "s3": [("s3", "2020-04-11")],
    "s4": [("s4", None)],
    "s5": [("s5", "2020-05-02")],
}
#: Who each story names (besides "bão số", which every story says).
NAMED = {
    "wire": "Ông Trần Minh Tuấn, Chủ tịch tỉnh Quảng Nam, cho biết bão số 9 đã gây thiệt hại lớn.",
    "twice": "Ông Trần Minh Tuấn đến Hà Nội họp về bão số 9 sáng nay.",
    "s1": "Ông Trần Minh Tuấn nói bão số 9 đi qua Quảng Nam.",
    "s2": "Bà Lê Thị Hoa ở Quảng Nam kể lại đêm bão số 9.",
    "s3": "Ông Trần Minh Tuấn và bà Lê Thị Hoa gặp nhau ở Hà Nội sau bão số 9.",
    "s4": "Ông Trần Minh Tuấn kiểm tra đê ở Quảng Nam sau bão số 9.",
    "s5": "Người dân Hà Nội chuẩn bị đón bão số 9.",
}


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(SYLLABLES) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def build(directory: Path, seed: int = 16) -> Path:
    """Write ``syndicated.jsonl`` (one article a line) and return its path."""
    rng = random.Random(seed)
    rows = []
    for story, copies in GROUPS.items():
        body = [_sentence(rng) for _ in range(12)]
        body.insert(1, NAMED[story])
        for number, (doc_id, date) in enumerate(copies):
            text = list(body)
            if number:  # a copy: one sentence rewritten, its own credit line
                text[5 + number] = _sentence(rng)
            text.append(f"Theo báo số {number + 1}")
            row = {"id": doc_id, "title": f"Tin {doc_id}", "text": "\n".join(text)}
            if date:
                row["date"] = date
            rows.append(row)
    path = directory / "syndicated.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def story_of(doc_id: str) -> str:
    return next(story for story, copies in GROUPS.items() if any(d == doc_id for d, _ in copies))


def earliest(story: str) -> tuple[str, str | None]:
    """The copy a collapsed count keeps: the earliest dated, undated ones last."""
    return min(GROUPS[story], key=lambda copy: (copy[1] is None, copy[1] or ""))
