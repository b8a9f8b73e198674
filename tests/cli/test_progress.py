"""Long commands tell how far they are: plain lines when stderr is not a terminal,
and the same steps through a callback (what the Excel door puts in the status bar)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner

from addin.cli import main
from addin.core.progress import CallbackSink, advance, reporting, step, track
from addin.jobs.progress_display import PlainLines, RichBar, display_for

LINE = re.compile(
    r"^salesdesk: (?P<label>.+?)(?:: (?P<done>[\d,]+)/(?P<total>[\d,]+))? \(\d+\.\d s\)$"
)


def progress_lines(stderr: str) -> list[re.Match[str]]:
    found = [LINE.match(line) for line in stderr.splitlines() if line.startswith("salesdesk: ")]
    return [m for m in found if m is not None]


def test_init_of_a_demo_company_prints_one_plain_line_per_step(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "co"), "--demo"])
    assert result.exit_code == 0, result.output
    lines = progress_lines(result.stderr)
    labels = [m["label"] for m in lines]
    assert labels == [
        "generating the small demo company",
        "writing the workbooks",
        "reading masters.xlsx",  # read back once so the first command finds it typed
    ]
    writing = lines[1]
    assert (writing["done"], writing["total"]) == ("5", "5")
    assert "\x1b[" not in result.stderr  # no terminal codes in a log
    assert "salesdesk: " not in result.stdout  # stdout keeps only the job's own report


def test_age_reports_reading_ageing_and_writing(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "co"
    assert runner.invoke(main, ["init", str(root), "--demo"]).exit_code == 0
    result = runner.invoke(main, ["age", str(root), "--as-of", "2026-06-30"])
    assert result.exit_code in (0, 1), result.output
    labels = [m["label"] for m in progress_lines(result.stderr)]
    assert labels[:3] == [
        "reading masters.xlsx",
        "reading finance.xlsx",
        "finance records in the ledger",
    ]
    assert re.fullmatch(r"ageing [\d,]+ sales lines and [\d,]+ payments", labels[3])
    assert labels[4] == "writing finance.xlsx"


def test_counted_steps_reach_their_total_and_say_the_time_left() -> None:
    told: list[str] = []
    with reporting(CallbackSink(told.append, every=0.0)):
        for _ in track(range(4), "collecting rep workbooks"):
            pass
        with step("reading finance.xlsx"):
            pass
    assert told[0] == "collecting rep workbooks 0/4 (0 s)"
    assert re.fullmatch(r"collecting rep workbooks 2/4 \(0 s, about 0 s left\)", told[2])
    assert re.fullmatch(r"collecting rep workbooks: 4/4 \(\d+\.\d s\)", told[5])
    assert told[6] == "reading finance.xlsx…"
    assert re.fullmatch(r"reading finance\.xlsx \(\d+\.\d s\)", told[7])


def test_the_callback_is_thinned_within_a_step_but_always_told_the_end() -> None:
    told: list[str] = []
    with reporting(CallbackSink(told.append, every=3600.0)), step("writing", total=1000):
        for _ in range(1000):
            advance()
    assert len(told) == 3  # the start, the 1,000th, the end
    assert told[1].startswith("writing 1,000/1,000")


def test_nobody_listening_costs_nothing_and_fails_nothing() -> None:
    with step("alone", total=2) as current:
        advance(2)
    assert current.done == 2
    advance()  # outside any step: ignored


def test_a_terminal_gets_a_bar_and_a_pipe_gets_lines() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(display_for(Tty()), RichBar)
    assert isinstance(display_for(io.StringIO()), PlainLines)
    screen = Tty()
    with reporting(display_for(screen)):
        list(track(range(3), "writing rep workbooks"))
    assert "writing rep workbooks" in screen.getvalue()
    assert "3/3" in screen.getvalue()
