"""vnby-tui: a keyboard-driven terminal explorer for Vietnamese news corpora."""

__version__ = "0.1.0"
