"""Where legacy-encoded text stops being text: the share of control characters decides."""

from __future__ import annotations

import pytest

from tui.core.text import UndecodableError, decode_bytes

WORDS = "Bà và má đi " * 100  # 1,200 characters; Windows-1258 has each letter as one byte


@pytest.mark.parametrize("controls, accepted", [(0, True), (18, True), (36, False)])
def test_legacy_text_is_refused_only_past_two_percent_of_control_characters(controls, accepted):
    """18 controls in ~1,200 characters (1.5%) is a legacy file with some junk; 36 (2.9%) is
    binary.  Tabs, newlines, CR and form feeds never count."""
    data = (WORDS + "\x01" * controls + "\t\n\r\f" * 30).encode("cp1258")
    if accepted:
        result = decode_bytes(data)
        assert result.text.startswith("Bà và má đi") and "Windows-1258" in result.note
    else:
        with pytest.raises(UndecodableError, match="binary"):
            decode_bytes(data)
