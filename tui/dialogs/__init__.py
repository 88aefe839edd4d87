"""Modal dialogs, one per module."""

from .load_warnings import WarningsScreen
from .open_path import OpenPathScreen

__all__ = ["OpenPathScreen", "WarningsScreen"]
