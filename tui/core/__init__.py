"""The core of vnby-tui: loading, folding, search and entities, with no Textual import."""
