"""The installed vnby-tui through a real ssh session and under the terminals people use.

* over ``ssh -tt`` to an OpenSSH server started here on 127.0.0.1 (key login with a
  throwaway key): search without diacritics, open, see the highlight, quit;
* under each common ``TERM``, with ``COLORTERM`` unset and with ``NO_COLOR``: the layout
  renders and highlights stay distinguishable (bold/underline/reverse without colour);
* a file whose text carries an OSC title-setting sequence leaves the terminal title alone.

All waits poll the screen; nothing sleeps a fixed time.
"""

from __future__ import annotations

import os
import signal

import pytest

from hostile import ESCAPES
from terminal import SshServer, Tmux, app_command, list_focused, styles_of

pytestmark = pytest.mark.e2e

SEED_TITLES = ("Củng cố tình hữu nghị", "Tổng thống A. Lukashenko")
EMPHASIS = {"bold", "underline", "reverse"}


def search_open_and_check_highlight(tmux: Tmux) -> None:
    tmux.wait_for(lambda s: "2 articles" in s and "Articles" in s, what="the explorer", timeout=30)
    tmux.send("/")
    tmux.type("to lam")
    tmux.wait_for(lambda s: all(t in s for t in SEED_TITLES) and "2 hits" in s, what="both seeds for 'to lam'")
    tmux.send("Enter")  # leave the search field for the list
    tmux.wait_for(list_focused, what="the list focused after enter")
    tmux.send("Enter")  # open the first result
    tmux.wait_for("match 1/", what="the reader with its match indicator")
    coloured = tmux.screen(escapes=True)
    styles = styles_of(coloured, "Tô Lâm")
    assert styles and any(style & EMPHASIS for style in styles), f"Tô Lâm not emphasised: {styles}"


def test_over_a_real_ssh_session(tmp_path):
    server = SshServer(tmp_path)
    try:
        remote = app_command(tmp_path, env={"LANG": "C.UTF-8"})
        with Tmux(server.command(remote), env={"TERM": "xterm-256color"}) as tmux:
            search_open_and_check_highlight(tmux)
            tmux.send("q")
            assert tmux.wait_exit() == 0
    finally:
        server.stop()


TERMINALS = [{"TERM": term} for term in ("xterm-256color", "xterm", "screen-256color", "tmux-256color", "linux")]


@pytest.mark.parametrize("env", TERMINALS + [{"NO_COLOR": "1"}], ids=lambda env: "-".join(env.values()))
def test_renders_and_highlights_under_each_terminal(tmp_path, env):
    """Each TERM, and NO_COLOR (highlights then bold/underline/reverse, not colour)."""
    with Tmux(app_command(tmp_path), env=env) as tmux:
        search_open_and_check_highlight(tmux)
        tmux.send("q")
        assert tmux.wait_exit() == 0


def test_non_utf8_locale_still_renders_vietnamese(tmp_path):
    with Tmux(f"{app_command(tmp_path, env={'LANG': 'C', 'LC_ALL': 'C'})}") as tmux:
        tmux.wait_for(lambda s: all(t in s for t in SEED_TITLES), what="Vietnamese titles under LANG=C", timeout=30)
        tmux.send("q")
        assert tmux.wait_exit() == 0


def test_article_text_cannot_set_the_terminal_title(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(f"Tin có mã {ESCAPES}\n\nNội dung {ESCAPES} về Hà Nội.", encoding="utf-8")
    with Tmux(f"printf '\\033]2;%s\\033\\\\' KEEP-TITLE; {app_command(tmp_path, str(corpus))}") as tmux:
        tmux.wait_for(lambda s: "1 article" in s, what="the explorer on the hostile file", timeout=30)
        assert tmux.title() == "KEEP-TITLE"
        tmux.send("Enter")
        tmux.wait_for("Nội dung", what="the article open")
        assert tmux.title() == "KEEP-TITLE"
        tmux.send("q")
        assert tmux.wait_exit() == 0


def explorer_shown(screen: str) -> bool:
    """The explorer's own screen (header count and list title), not the shell's."""
    return "2 articles" in screen and "Articles" in screen and "PROMPT>" not in screen


def test_ctrl_z_suspends_and_fg_resumes(tmp_path):
    """ctrl+z stops the job at the shell prompt; ``fg`` brings the explorer back drawn
    at once — before any key is pressed — still answering keys, and it quits with 0."""
    with Tmux("PS1='PROMPT> ' bash --norc --noprofile -i") as tmux:
        tmux.wait_for("PROMPT>", what="the shell prompt")
        tmux.type(app_command(tmp_path))
        tmux.send("Enter")
        tmux.wait_for(explorer_shown, what="the explorer", timeout=30)
        tmux.send("C-z")
        tmux.wait_for(lambda s: "Stopped" in s and "PROMPT>" in s, what="the job stopped at the prompt")
        tmux.type("fg")
        tmux.send("Enter")
        # no key yet: the explorer must repaint on its own when it is back in the foreground
        tmux.wait_for(explorer_shown, what="the explorer redrawn after fg, before any key")
        tmux.send("/")
        tmux.type("to lam")
        tmux.wait_for(lambda s: "2 hits" in s and "Articles" in s, what="the explorer answering keys after fg")
        tmux.send("C-c")
        tmux.wait_for(lambda s: s.rstrip().endswith("PROMPT>"), what="the prompt after quitting")
        tmux.type("echo STATUS=$?")
        tmux.send("Enter")
        tmux.wait_for("STATUS=0\nPROMPT>", what="exit status 0 and a usable terminal")


def test_a_dropped_connection_ends_the_process(tmp_path):
    """SIGHUP (the terminal gone, as when an ssh connection drops): the process exits."""
    with Tmux(f"{app_command(tmp_path)} & echo $! > {tmp_path / 'pid'}; wait $!") as tmux:
        tmux.wait_for(lambda s: "2 articles" in s, what="the explorer", timeout=30)
        pid = int((tmp_path / "pid").read_text())

        os.kill(pid, signal.SIGHUP)
        assert tmux.wait_exit() in (0, 128 + signal.SIGHUP)
        assert not os.path.exists(f"/proc/{pid}")
