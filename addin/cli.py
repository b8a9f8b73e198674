"""The `salesdesk` command line: a thin door over the jobs.

Exit status: 0 done; 1 done, but input problems were found and reported; 2 the command
could not run. Everything it says, help included, comes from the message catalogues.
Users never see a traceback: faults become one plain sentence, and the
details go to a log file they can send us.

Each command imports its job when it runs, so `salesdesk --help` and a mistyped
option answer at once instead of loading pandas, SQLAlchemy and the writers first.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from addin.cli_text import LocalGroup
from addin.cli_usage import LocalChoice, LocalInt, LocalPath, usage_lang
from addin.core.progress import reporting
from addin.i18n import Msg, default_lang, lang_of, t
from addin.io.atomic import FileLocked
from addin.io.xlsx.safety import RefusedFile
from addin.jobs.progress_display import display_for
from addin.runtime import use_small_pages

if TYPE_CHECKING:  # pandas comes with them: `--help` needs neither
    from addin.core.issues import Issue
    from addin.jobs.result import JobResult

MAX_SHOWN = 200


def print_issues(issues: list[Issue], lang: str = "en") -> None:
    shown = [i for i in issues if i.severity != "info"]
    for issue in shown[:MAX_SHOWN]:
        prefix = (
            ""
            if issue.severity == "error"
            else t(lang, "severity.prefix", severity=t(lang, f"severity.{issue.severity}"))
        )
        click.echo(f"{issue.where(lang)}: {prefix}{issue.text(lang)}", err=True)
    if len(shown) > MAX_SHOWN:
        click.echo(t(lang, "cli.more_issues", count=len(shown) - MAX_SHOWN), err=True)


def report(result: JobResult, *, as_json: bool = False) -> None:
    if as_json:
        payload = {
            "job": result.job,
            "exit_code": result.exit_code,
            "issues": [i.as_dict(result.lang) for i in result.issues],
            "written": [str(p) for p in result.written],
            **{k: v for k, v in result.data.items() if _jsonable(v)},
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    print_issues(result.issues, result.lang)
    for line in result.lines():
        click.echo(line)
    click.echo(result.headline())


def _jsonable(value: object) -> bool:
    try:
        json.dumps(value, default=str)
    except (TypeError, ValueError):
        return False
    return True


def progress_lang(kwargs: dict[str, Any]) -> str:
    """The language progress is shown in while a job runs: the one asked for (`--lang`),
    else that of the company folder named, else the user's own."""
    if kwargs.get("lang"):
        return lang_of(kwargs["lang"])
    from addin.io.company import company_lang  # reads masters.xlsx: pandas and the reader

    for key in ("directory", "file", "folder"):
        path = kwargs.get(key)
        if isinstance(path, Path):
            lang = company_lang(path if path.is_dir() else path.parent)
            if lang:
                return lang
    return default_lang()


def door(func: Callable[..., JobResult | None]) -> Callable[..., None]:
    """Run a job, report it, exit with its status; turn every failure into one sentence."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> None:
        from addin.jobs.result import JobFailed  # imported as a job runs, not for --help

        as_json = bool(kwargs.get("as_json"))
        quiet = bool(kwargs.get("quiet"))
        lang: str = default_lang()
        try:
            lang = progress_lang(kwargs)  # the company's, when the folder holds one
            with reporting(display_for(sys.stderr, lang)):
                result = func(*args, **kwargs)
        except (JobFailed, RefusedFile, FileLocked) as exc:
            click.echo(t(lang, "cli.failed", reason=exc), err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo(t(default_lang(), "cli.stopped"), err=True)
            sys.exit(2)
        except Exception as exc:  # the program's own fault: say so plainly, log details
            log = Path(tempfile.gettempdir()) / "salesdesk-error.log"
            log.write_text(traceback.format_exc(), encoding="utf-8")
            error = f"{type(exc).__name__}: {exc}"
            click.echo(t(default_lang(), "cli.internal_error", error=error, log=log), err=True)
            sys.exit(2)
        if result is None:
            return
        if not quiet or result.exit_code:
            report(result, as_json=as_json)
        sys.exit(result.exit_code if result.force_exit is None else result.force_exit)

    return run


@click.group(cls=LocalGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="salesdesk")
def main() -> None:
    # The help of every command is in the catalogues (cli.<command>.help).
    use_small_pages()


_dir = click.argument("directory", type=LocalPath(file_okay=False, path_type=Path))
_existing_dir = click.argument(
    "directory", type=LocalPath(exists=True, file_okay=False, path_type=Path)
)


@main.command()
@_dir
@click.option("--lang", type=LocalChoice(["en", "zh"]), default="en", show_default=True)
@click.option("--demo", is_flag=True)
@click.option(
    "--size", type=LocalChoice(["small", "medium", "large"]), default="small", show_default=True
)
@click.option("--seed", type=LocalInt(), default=7, show_default=True)
@door
def init(directory: Path, lang: str, demo: bool, size: str, seed: int) -> JobResult:
    from addin.jobs.init import init_company

    return init_company(directory, lang=lang, demo=demo, size=size, seed=seed)  # type: ignore[arg-type]


@main.command()
@_dir
@click.option("--lang", type=LocalChoice(["en", "zh"]), default="en", show_default=True)
@click.option(
    "--size", type=LocalChoice(["small", "medium", "large"]), default="small", show_default=True
)
@click.option("--seed", type=LocalInt(), default=7, show_default=True)
@door
def demo(directory: Path, lang: str, size: str, seed: int) -> JobResult:
    from addin.jobs.demo_cycle import run_demo

    return run_demo(directory, lang=lang, size=size, seed=seed)  # type: ignore[arg-type]


@main.command()
@click.argument("file", type=LocalPath(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@door
def check(file: Path, as_json: bool) -> JobResult:
    from addin.jobs.check import check as run_check

    return run_check(file)


def _month(ctx: click.Context, _param: object, value: str | None) -> str | None:
    """A month argument as YYYY-MM (`2026-3` is 2026-03), or a usage error (exit 2)."""
    if value is None:
        return None
    from addin.core.coerce import parse_month

    month = parse_month(value)
    if month is None or len(month) != 7:
        raise click.BadParameter(t(usage_lang(ctx), "cli.bad_month", value=value))
    return month


def _date(ctx: click.Context, _param: object, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from addin.core.coerce import parse_date

    day = parse_date(value)
    if day is None:
        raise click.BadParameter(t(usage_lang(ctx), "cli.bad_date", value=value))
    return day.date()


@main.command()
@_existing_dir
@click.option("--as-of", "as_of", callback=_date)
@door
def age(directory: Path, as_of: dt.date | None) -> JobResult:
    from addin.jobs.age import age as run_age

    return run_age(directory, as_of)


@main.command(name="split")
@_existing_dir
@door
def split_cmd(directory: Path) -> JobResult:
    from addin.jobs.split import split

    return split(directory)


@main.command(name="issue")
@_existing_dir
@click.option("--period", callback=_month)
@click.option("--rep", "reps", multiple=True)
@door
def issue_cmd(directory: Path, period: str | None, reps: tuple[str, ...]) -> JobResult:
    from addin.jobs.issue import issue_workbooks

    return issue_workbooks(directory, period, only=list(reps) or None)


@main.command(name="collect")
@_existing_dir
@click.argument("files", nargs=-1, type=LocalPath(dir_okay=False, path_type=Path))
@click.option("--period", callback=_month)
@door
def collect_cmd(directory: Path, files: tuple[Path, ...], period: str | None) -> JobResult:
    from addin.jobs.collect import collect

    return collect(directory, list(files) or None, period=period)


@main.command(name="status")
@_existing_dir
@click.option("--period", callback=_month)
@click.option("--json", "as_json", is_flag=True)
@door
def status_cmd(directory: Path, period: str | None, as_json: bool) -> JobResult:
    from addin.jobs.status import status

    return status(directory, period)


@main.command(name="appraise")
@_existing_dir
@click.option("--period", required=True)
@door
def appraise_cmd(directory: Path, period: str) -> JobResult:
    from addin.jobs.appraise import appraise

    return appraise(directory, period)


@main.command(name="dashboard")
@_existing_dir
@click.option("--as-of", "as_of", callback=_date)
@click.option("--month", callback=_month)
@door
def dashboard_cmd(directory: Path, as_of: dt.date | None, month: str | None) -> JobResult:
    from addin.jobs.dashboard import dashboard

    return dashboard(directory, as_of=as_of, month=month)


@main.group(name="addin", cls=LocalGroup)
def addin_group() -> None:
    pass


@addin_group.command("install")
@click.option(
    "--trust",
    "trust",
    type=LocalPath(file_okay=False, path_type=Path),
)
@click.option(
    "--startup",
    type=LocalPath(file_okay=False, path_type=Path),
)
@click.option("--lang", type=LocalChoice(["en", "zh"]), default=default_lang)
@click.option("--quiet", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@door
def addin_install(
    trust: Path | None, startup: Path | None, lang: str, quiet: bool, as_json: bool
) -> JobResult:
    from addin.excel import install_addin

    return install_addin(trust=trust.resolve() if trust else None, startup=startup, lang=lang)


@addin_group.command("uninstall")
@click.option("--quiet", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@door
def addin_uninstall(quiet: bool, as_json: bool) -> JobResult:
    from addin.excel import uninstall_addin

    return uninstall_addin()


@addin_group.command("selftest")
@click.argument("folder", type=LocalPath(file_okay=False, path_type=Path))
@click.option(
    "--size", type=LocalChoice(["small", "medium", "large"]), default="small", show_default=True
)
@door
def addin_selftest(folder: Path, size: str) -> JobResult:
    from addin.entry import ENTRY_POINTS
    from addin.excel.selftest import selftest_job

    return selftest_job(folder, ENTRY_POINTS, size)  # type: ignore[arg-type]


@addin_group.command("build")
@click.option(
    "--out",
    type=LocalPath(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
)
@click.option("--lang", type=LocalChoice(["en", "zh"]), default=default_lang)
@door
def addin_build(out: Path, lang: str) -> JobResult:
    from addin.excel.build import build_addin
    from addin.jobs.result import JobResult

    result = JobResult("addin build")
    result.written = [build_addin(out / "SalesDesk.xlam", lang)]
    result.summary.append(Msg("cli.built", path=result.written[0]))
    return result


@main.command()
@click.argument("folder", type=LocalPath(file_okay=False, path_type=Path))
@door
def templates(folder: Path) -> JobResult:
    from addin.books.templates.builder import build_templates
    from addin.jobs.result import JobResult

    result = JobResult("templates")
    result.written = build_templates(folder)
    result.summary.append(Msg("cli.templates_written", count=len(result.written), folder=folder))
    return result


if __name__ == "__main__":  # pragma: no cover
    main()
