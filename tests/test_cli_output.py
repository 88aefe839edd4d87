"""A JSON array written item by item is byte for byte the array written at once."""

from __future__ import annotations

import io

import pytest

from tui.cli.output import write_json, write_json_array


@pytest.mark.parametrize("items", [
    [],
    [{}],
    [{"name": "Tô Lâm", "roles": ["Tổng Bí thư"], "aliases": [], "nested": {"a": [1, 2]}}, {"name": "x\u2028y\u202e"}],
    [1, "Hà Nội", None],
])
def test_an_array_streamed_item_by_item_is_the_array_written_at_once(items):
    whole, streamed = io.StringIO(), io.StringIO()
    write_json(items, whole, indent=1)
    write_json_array(iter(items), streamed, indent=1)
    assert streamed.getvalue() == whole.getvalue()
