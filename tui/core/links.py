"""Article links: which URLs are safe to show as terminal hyperlinks and to open,
and whether a browser can be opened from here at all.

An article's URL comes from the corpus, so it is data: only plain
``http``/``https`` URLs without spaces or control characters are linked or
opened (a ``file:`` or ``javascript:`` URL, or one carrying an escape sequence
that would end the terminal's hyperlink early, is neither).

Over SSH the browser that matters is on the user's machine, not the server:
there the terminal's own hyperlink (OSC 8, ctrl/cmd+click) and its clipboard
(OSC 52) reach it, and ``webbrowser`` must not run — on a server without a
display it would start a console browser such as lynx inside the explorer's
terminal.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

_SAFE_URL_RE = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+", re.IGNORECASE)
#: Longer than this, a "URL" is not something to hand to a terminal or a browser.
MAX_URL_LENGTH = 2048


def safe_link(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) URL safe to put in a terminal hyperlink, else ``None``."""
    if not url or len(url) > MAX_URL_LENGTH or not _SAFE_URL_RE.fullmatch(url):
        return None
    return url


def can_open_browser_here(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a graphical browser can be opened on this machine for the user.

    Not over SSH; on Linux and the BSDs only with a display (X11 or Wayland)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY") or environ.get("SSH_CLIENT"):
        return False
    if platform in ("darwin", "win32", "cygwin"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    """Open ``url`` in a graphical browser; ``False`` if none was found (never a console one)."""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if type(browser) is webbrowser.GenericBrowser:  # www-browser, lynx, w3m…: they would take the terminal
        return False
    try:
        return bool(browser.open(url, new=2))
    except Exception:  # a browser that fails to start is reported as "not opened"
        return False
