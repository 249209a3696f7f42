"""The console and the one sanitiser: what a repository, an index or an API says is shown,
never obeyed (release/console.py, release/outside/sanitise.py).

Every hostile string below reaches the console as a value would (a changelog heading, a file
name, an asset name); afterwards no control character, terminal sequence, bidi override or
lone carriage return is left, and under GitHub Actions no line of the output is a workflow
command, except the annotations the tool writes on purpose.
"""

from __future__ import annotations

import io
import re

import pytest

from release.console import Console
from release.outside import ci, sanitise

HOSTILE = [
    "\r::error::forged annotation",
    "\r::add-mask::hide-the-real-error",
    "::stop-commands::pwned-token",
    "  ::set-output name=tag::v6.6.6",
    "\n\t ::warning file=x::lone line",
    "text ##[error]legacy command mid-line",
    "##[add-mask]x",
    "\x1b]0;new window title\x07",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H screen cleared",
    "\x1b[8mconcealed\x1b[0m",
    "\x9b31m C1 CSI",
    "nul\x00byte",
    "bell\x07 backspace\x08 form feed\x0c vertical\x0b",
    "lone\rcarriage return",
    "del\x7f",
    "bidi \u202eevil\u202c and \u2066isolate\u2069 \u200f",
    "line\u2028separator\u2029para\x85nel",
]
UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                    "\u2066-\u2069\u2028\u2029]|\r(?!\n)")


def commands_in(text: str) -> list[str]:
    """The lines the Actions runner would take as workflow commands (split as it splits)."""
    lines = re.split(r"\r\n|\r|\n", text)
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


def console(monkeypatch: pytest.MonkeyPatch, *, actions: bool, colour: bool = False
            ) -> tuple[Console, io.StringIO, io.StringIO]:
    monkeypatch.setenv("GITHUB_ACTIONS", "true") if actions else \
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1") if colour else monkeypatch.delenv("FORCE_COLOR",
                                                                              raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    out, err = io.StringIO(), io.StringIO()
    return Console(out, err), out, err


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("colour", [False, True])
def test_no_hostile_value_acts_on_the_terminal_or_the_runner(
        monkeypatch: pytest.MonkeyPatch, value: str, colour: bool) -> None:
    shell, out, err = console(monkeypatch, actions=True, colour=colour)
    shell.print(f"heading {value}")
    shell.print(shell.paint(value, "bold"))
    shell.info(value)
    shell.error(value, value)
    shell.warning(f"x {value}")
    shell.out.write(value)
    shown = out.getvalue() + err.getvalue()
    assert commands_in(shown) == [], shown
    # The console's own colours, and only those, are left as codes: bold, dim, the reset,
    # and the error and warning labels.
    without_own = re.sub(r"\x1b\[(?:0|1|2|31;1|33;1)m", "", shown)
    assert UNSAFE.search(without_own) is None, repr(shown)
    assert ("\x1b[1m" in shown) == colour


def test_the_consoles_own_colours_and_commands_survive(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    shell, out, err = console(monkeypatch, actions=True, colour=True)
    shell.print("ready", "bold green")
    shell.command(ci.annotation("error", "\r::add-mask::x\nsecond", file="CHANGELOG.md", line=3))
    assert out.getvalue() == "\x1b[1;32mready\x1b[0m\n"
    line = err.getvalue()
    assert line.startswith("::error file=CHANGELOG.md,line=3::") and line.count("\n") == 1
    assert "%0A" in line and "\\r::add-mask" in line


def test_outside_actions_a_leading_colon_pair_is_left_alone(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    shell, out, _ = console(monkeypatch, actions=False)
    shell.print("::not a command here")
    assert out.getvalue() == "::not a command here\n"


@pytest.mark.parametrize(("value", "shown"), [
    ("a\x1b[31mb", "a\\x1b[31mb"),
    ("a\rb", "a\\rb"),
    ("a\r\nb", "a\nb"),
    ("tab\tstays\n", "tab\tstays\n"),
    ("\u202e", "\\u202e"),
    ("plain ascii", "plain ascii"),
    ("Grüße, 日本語, emoji 🎉", "Grüße, 日本語, emoji 🎉"),
])
def test_sanitise_shows_what_it_removes(value: str, shown: str) -> None:
    assert sanitise.text(value) == shown


def test_summary_and_annotations_pass_the_sanitiser(tmp_path: pytest.TempPathFactory,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"  # type: ignore[operator]
    ci.append_step_summary("| \x1b]0;t\x07 | \u202e |\n", {"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text()
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b" in text
    made = ci.annotation("warning", "m\x1b[2J", title="t\x00", file="f\u202e")
    assert UNSAFE.search(made) is None and "\x1b" not in made
