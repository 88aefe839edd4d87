"""Terminal-safe command-line output shared by every subcommand.

Article text is data.  JSON already escapes C0 controls, but C1 controls (a
lone 0x9B is a CSI to some terminals), bidi overrides and line separators pass
through ``ensure_ascii=False``; they are escaped here so that piping JSON to a
terminal is as safe as the tables.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

_UNSAFE_IN_JSON_RE = re.compile("[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_json(value: Any, indent: int | None = None) -> str:
    """``json.dumps`` keeping Vietnamese readable but escaping what a terminal would obey."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_json(value: Any, out: TextIO, indent: int | None = None) -> None:
    out.write(safe_json(value, indent) + "\n")
