"""Run a job on the workbook open in Excel: the Excel door.

1. The caller's workbook names the company folder (the folder it is saved in).
2. The company workbooks open in Excel are saved, so the job reads what the user sees.
3. The job runs unchanged on copies of them (Excel locks the open files), with the real
   ledger and the real reps/ and inbox/ where a job writes those.
4. Each workbook the job changed goes back: into its Excel window a table per call, or,
   when it is not open, into its file in one step. If writing into a window fails half
   way, the window is closed without saving and reopened from the file saved in step 2.
5. One plain message says how it went; a fault is a sentence, never a traceback.
One job runs at a time (joblock): a second click while a job runs is told to wait.
Screen updating and automatic calculation are off meanwhile; the status bar says what
is happening.
"""

from __future__ import annotations

import contextlib
import tempfile
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import xlwings as xw

from addin.core.issues import has_errors
from addin.core.progress import CallbackSink, reporting
from addin.excel.joblock import Busy, job_lock
from addin.excel.jobs import JOBS, ExcelJob
from addin.excel.shadow import company_books, install_file, shadow_run
from addin.excel.writeback import Report, apply_result
from addin.i18n import SaidError, default_lang, say, t
from addin.io.company import STEMS, company_lang
from addin.jobs.result import JobFailed, JobResult
from addin.runtime import use_small_pages
from addin.schema.names import sheet_name

TITLE = "SalesDesk"
MAX_LINES = 25
NO_WORKBOOK = (
    "open a SalesDesk workbook first (masters, finance, plan, appraisal or dashboard); if "
    "it opened in Protected View, click Enable Editing"
)


#: While set (the self-test), messages go to the status bar, not to a box awaiting a click.
_QUIET: list[bool] = []


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    _QUIET.append(True)
    try:
        yield
    finally:
        _QUIET.pop()


class NotReady(Exception):
    """The workbook cannot be worked on as it is (not saved, a web address…)."""


class WriteBackFailed(Exception):
    """Results could not be put into an open window; it was reopened as saved."""


def book_path(book: Any) -> Path:
    full = str(book.fullname)
    if "://" in full:
        raise NotReady(t(default_lang(), "excel.web_address", name=book.name))
    path = Path(full)
    if not path.is_absolute() or not path.exists():
        raise NotReady(t(default_lang(), "excel.not_saved"))
    return path


def open_books(app: Any) -> dict[Path, Any]:
    out = {}
    for book in app.books:
        full = str(book.fullname)
        if "://" not in full and Path(full).is_absolute():
            out[Path(full).resolve()] = book
    return out


class Door:
    """The open workbook's Excel: status bar, saving, reopening, the closing message."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.app = book.app
        #: The company's language once its folder is known; the user's until then.
        self.lang: str = default_lang()

    def progress(self, text: str) -> None:
        self.app.status_bar = f"{TITLE}: {text}…"

    def say(self, msg_id: str, **values: Any) -> str:
        return t(self.lang, msg_id, **values)

    def save_open(self, root: Path, caller: Path) -> None:
        for path, book in open_books(self.app).items():
            if path == caller.resolve() or (
                path.parent == root.resolve() and path.stem.lower() in STEMS
            ):
                book.save()

    def revert(self, book: Any, path: Path) -> None:
        book.close()  # without saving: the file still holds what step 2 saved
        self.app.books.open(str(path))

    def tell(self, message: str, *, critical: bool) -> None:
        if _QUIET:
            self.app.status_bar = message.splitlines()[0]
            return
        try:
            self.app.alert(message, title=TITLE, mode="critical" if critical else "info")
        except Exception:  # no dialog possible: the status bar still says it
            self.app.status_bar = message.splitlines()[0]


def caller() -> Any | None:
    """The workbook that called, or None: no workbook is open, or only a Protected View
    window (Excel's ActiveWorkbook is then Nothing), or this did not come from Excel."""
    try:
        return xw.Book.caller()
    except Exception:
        return None


def tell_anywhere(message: str) -> None:
    """Show `message` in the running Excel when no workbook called."""
    try:
        app = xw.apps.active if xw.apps.count else None
        if app is not None and _QUIET:
            app.status_bar = message.splitlines()[0]
        elif app is not None:
            app.alert(message, title=TITLE, mode="info")
    except Exception:  # no Excel to show it in: the caller still gets the text
        pass


def run_job(name: str, book: Any | None = None, **params: Any) -> str:
    """What every entry point does; returns the message it showed."""
    job = JOBS[name]
    use_small_pages()
    book = book if book is not None else caller()
    if book is None:
        message = f"{TITLE}: {NO_WORKBOOK}"
        tell_anywhere(message)
        return message
    door = Door(book)
    critical = True
    try:
        with (
            job_lock(name),
            door.app.properties(
                screen_updating=False,
                calculation="manual",
                status_bar=f"{TITLE}: " + door.say("excel.starting"),
            ),
        ):
            message = run_in_excel(job, door, params)
        critical = False
    except Busy as exc:  # not a fault: the first job goes on
        message, critical = f"{TITLE}: {exc}", False
    except SaidError as exc:  # a refused or locked file: in the company's words
        message = f"{TITLE}: {exc.render(door.lang)}"
    except (NotReady, JobFailed, WriteBackFailed) as exc:
        message = f"{TITLE}: {exc}"
    except Exception as exc:  # the program's own fault: one sentence, details in a log
        log = Path(tempfile.gettempdir()) / "salesdesk-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        error = f"{type(exc).__name__}: {exc}"
        message = f"{TITLE}: " + door.say("excel.internal_error", error=error, log=log)
    door.tell(message, critical=critical)
    return message


def run_in_excel(job: ExcelJob, door: Door, params: Mapping[str, Any]) -> str:
    path = book_path(door.book)
    root = path.parent
    door.lang = company_lang(root) or door.lang
    function = job.function_object()
    door.progress(door.say("excel.saving"))
    door.save_open(root, path)
    door.progress(door.say("excel.running", job=t(door.lang, "job." + job.name)))
    if job.writes is None:
        with reporting(CallbackSink(door.progress, lang=door.lang)):
            result = job.call(function, root, path, dict(params))
        return closing_message(result, None, Report())
    books = [path]
    if job.writes != "caller":
        books = [p for p in company_books(root) if p.resolve() != path.resolve()] + (
            [path] if path.stem.lower() in STEMS else []
        )
    elif (root / "masters.xlsx").exists() and path.name != "masters.xlsx":
        books.append(root / "masters.xlsx")  # check looks up ids in the masters beside it
    report = Report()
    main: Any = None
    with shadow_run(root, books) as shadow:
        # The job's own steps (reading, ageing…) reach Excel's status bar as they happen.
        with reporting(CallbackSink(door.progress, lang=door.lang)):
            result = job.call(function, shadow.root, shadow.path_of(path), dict(params))
        _unshadow(result, shadow.root, root)
        opened = open_books(door.app)
        for new, real in shadow.changed():
            is_main = (
                real.resolve() == path.resolve()
                if job.writes == "caller"
                else real.stem.lower() == job.writes
            )
            window = opened.get(real.resolve())
            if window is None and real.suffix.lower() == ".xlsx":
                install_file(new, real)
                if is_main:
                    main = door.app.books.open(str(real))
                continue
            if window is None:  # a template with macros: never replace its file from here
                window = door.app.books.open(str(real))
            door.progress(door.say("excel.writing", name=real.name))
            try:
                got = apply_result(
                    window, shadow.before_of(new.name), new, result.issues, new.name, door.progress
                )
            except Exception as exc:
                door.revert(window, real)
                raise WriteBackFailed(
                    door.say("excel.write_back_failed", name=real.name, error=exc)
                ) from exc
            window.save()
            report.tables += got.tables
            report.notes_skipped += got.notes_skipped
            report.links_skipped += got.links_skipped
            if is_main:
                main = window
    if main is not None:
        _show(main, job, result)
    return closing_message(result, main, report)


def _unshadow(result: JobResult, shadow: Path, root: Path) -> None:
    """The result speaks of the user's folder, not of the copies."""
    result.written = [
        root / p.relative_to(shadow) if p.is_relative_to(shadow) else p for p in result.written
    ]
    result.summary = [line.replace(str(shadow), str(root)) for line in result.lines()]


def _show(book: Any, job: ExcelJob, result: JobResult) -> None:
    names = [s.name for s in book.sheets]
    issues = sheet_name("Issues", result.lang)
    shown = sheet_name(job.show, result.lang) if job.show else None
    sheet = issues if has_errors(result.issues) and issues in names else shown
    if sheet in names:
        book.sheets[sheet].activate()


def closing_message(result: JobResult, main: Any, report: Report) -> str:
    lang = result.lang
    lines = [result.headline(), *say(lang, result.summary)]
    if len(lines) > MAX_LINES:
        more = t(lang, "excel.more_lines", count=len(lines) - MAX_LINES + 1)
        lines = [*lines[: MAX_LINES - 1], more]
    if report.notes_skipped:
        lines.append(t(lang, "excel.notes_skipped", count=report.notes_skipped))
    if main is not None:
        lines.append(t(lang, "excel.results_in", name=main.name))
    return "\n".join(lines)


def about(addin_xlwings: str = "") -> str:
    """Versions the add-in runs with; a mismatch with the add-in's xlwings is named."""
    import sys

    from addin.excel.vba import ADDIN_NAME

    try:
        from importlib.metadata import version

        ours = version("salesdesk")
    except Exception:
        ours = "(not installed as a package)"
    lines = [
        f"SalesDesk {ours}",
        f"Python {sys.version.split()[0]} at {sys.executable}",
        f"xlwings {xw.__version__}",
    ]
    if addin_xlwings and addin_xlwings != xw.__version__:
        lines.append(
            f"{ADDIN_NAME} was built for xlwings {addin_xlwings}: run "
            "`salesdesk addin install` again so both match."
        )
    return "\n".join(lines)
