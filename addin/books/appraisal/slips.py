"""The Slips sheet: one printable A4 page per rep, to hand over in the appraisal talk.

Each slip shows the rep's KPIs against the scheme's weight and target, the prior
period's value and the trend, the score of each KPI, deductions, total score, rank,
grade, bonus and the coaching points. Scores, totals, grades and money are formulas
pointing at the Scorecard, so a what-if on the scheme reaches the slips too; a manual
page break ends every slip (no "fit to page", which would make Excel ignore them).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from addin.books.appraisal.scorecard import ScorecardLayout
from addin.core.appraisal import KPIS, VIOLATIONS, AppraisalResult
from addin.i18n import t
from addin.io.xlsx.book import Area, Cell, PrintSetup, SheetPlan, Style

SHEET = "Slips"
WIDTHS = {1: 22, 2: 8, 3: 10, 4: 11, 5: 10, 6: 9, 7: 10, 8: 8}
FORMATS = {"money": "#,##0", "pct": "0.0", "int": "0", "number": "0.0"}
#: The words of a slip, keyed as the layout uses them (`slip.*` in the catalogue).
_WORDS = ("title", "rep", "region", "period", "days", "prior", "note", "total", "rank")
_MORE = ("grade", "gross", "minus", "bonus", "coach", "sign", "better", "worse", "same")
_VIOLATIONS = ("price_below_floor", "diversion", "missing_report", "report_errors")


def slip_words(lang: str) -> dict[str, Any]:
    """Every label of a slip in `lang`: single words, the two header rows, violations."""
    words: dict[str, Any] = {k: t(lang, f"slip.{k}") for k in (*_WORDS, *_MORE)}
    words["head"] = tuple(t(lang, f"slip.head.c{i}") for i in range(1, 9))
    words["cuts"] = tuple(t(lang, f"slip.cuts.c{i}") for i in range(1, 5))
    words["violations"] = {k: t(lang, f"slip.violations.{k}") for k in _VIOLATIONS}
    return words


_FILLS = {"band": "1F4E78", "light": "DDEBF7"}
_GRID = "B4B4B4"
#: A4 in XlsxWriter's paper codes.
_A4 = 9


def trends(result: AppraisalResult, lang: str) -> pd.DataFrame:
    """Per rep (index rep_id) and scheme KPI: the prior value and the trend word, judged
    by the KPI's direction (fewer lost customers is better)."""
    words = slip_words(lang)
    current = result.scorecard.set_index("rep_id")
    prior = result.kpis.prior.set_index("rep_id").reindex(current.index)
    out = {}
    for key in result.kpi_keys:
        now = current[key].astype(float) if key in current else pd.Series(np.nan, current.index)
        then = prior[key].astype(float)
        change = (now - then) * (-1 if KPIS[key].better == "lower" else 1)
        out[(key, "prior")] = then
        out[(key, "trend")] = np.select(
            [change > 1e-9, change < -1e-9, change.abs() <= 1e-9],
            [words["better"], words["worse"], words["same"]],
            "",
        )
    return pd.DataFrame(out, index=current.index)


class Formula(str):
    """A cell formula; any other text is written as text, even if it starts with '='."""


class _Painter:
    """Collects the slip's cells with their looks; each look is one shared format."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.styles: dict[tuple[object, ...], Style] = {}

    def __call__(
        self,
        row: int,
        col: int,
        value: object,
        *,
        bold: bool = False,
        fmt: str | None = None,
        fill: str | None = None,
        color: str | None = None,
        size: float | None = None,
        grid: bool = False,
        align: str | None = None,
    ) -> None:
        style = self.style(bold, fmt, fill, color, size, grid, align)
        formula = isinstance(value, Formula)
        self.cells.append(Cell(row, col, str(value) if formula else value, style, formula=formula))

    def style(
        self,
        bold: bool = False,
        fmt: str | None = None,
        fill: str | None = None,
        color: str | None = None,
        size: float | None = None,
        grid: bool = False,
        align: str | None = None,
    ) -> Style:
        """The one Style of this look."""
        key = (bold, fmt, fill, color, size, grid, align)
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = Style(
                bold=bold,
                num_format=fmt,
                fill=_FILLS[fill] if fill is not None else None,
                color=color,
                size=size,
                border="box" if grid else None,
                border_color=_GRID if grid else None,
                align=align,
            )
        return style

    def pair(
        self, row: int, col: int, label: str, value: object, *, fmt: str, size: float | None = None
    ) -> None:
        """A label and its value two cells to the right (no merged cells: a slip is
        copied and edited by hand, where merges get in the way)."""
        self(row, col, label, bold=True, fill="light")
        self(row, col + 1, None, fill="light")
        self(row, col + 2, value, fmt=fmt, bold=True, size=size, align="right")


@dataclass(frozen=True, slots=True)
class _KpiRow:
    """What a KPI's row of every slip shares: its label, the scheme's weight and target
    (formulas on the Scorecard's parameter rows) and the looks of its eight cells."""

    key: str
    column: str
    label: str
    weight: str
    target: str
    looks: tuple[Style, ...]


def _kpi_rows(
    paint: _Painter, result: AppraisalResult, layout: ScorecardLayout, lang: str
) -> list[_KpiRow]:
    out = []
    for key, column in zip(result.kpi_keys, result.score_columns, strict=True):
        kpi = KPIS[key]
        fmt = FORMATS[kpi.unit]
        numbers = (None, "0", fmt, fmt, fmt, fmt, None, "0.0")
        out.append(
            _KpiRow(
                key,
                column,
                kpi.label(lang),
                f"={layout.param(column, 'weight')}",
                f"={layout.param(column, 'target')}",
                tuple(paint.style(c == 8, n, grid=True) for c, n in enumerate(numbers, start=1)),
            )
        )
    return out


def _slip(
    paint: _Painter,
    top: int,
    rep: dict[Hashable, Any],
    result: AppraisalResult,
    layout: ScorecardLayout,
    trend: dict[Hashable, Any],
    words: dict[str, Any],
    kpi_rows: list[_KpiRow],
    company: str,
    region_name: str,
) -> int:
    """Write one slip from row `top`; return its last row."""
    rep_id = str(rep["rep_id"])

    def ref(key: str) -> Formula:
        return Formula(f"={layout.ref(key, rep_id)}")

    def param(column: str, name: str) -> Formula:
        return Formula(f"={layout.param(column, name)}")

    r = top
    paint(r, 1, f"{words['title']} · {rep['period']}", bold=True, size=15, color="1F4E78")
    paint(r + 1, 1, company, color="595959")
    r += 2
    facts = [
        (words["rep"], f"{rep_id}  {rep['rep_name']}", words["region"], region_name),
        (words["days"], str(rep["working_days"]), words["prior"], result.kpis.prior_period),
    ]
    for left, value, right, other in facts:
        paint(r, 1, left, bold=True)
        paint(r, 2, str(value))
        paint(r, 5, right, bold=True)
        paint(r, 7, str(other))
        r += 1
    if rep["note"]:
        paint(r, 1, words["note"], bold=True)
        paint(r, 2, str(rep["note"]), color="9C5700")
        r += 1
    r += 1
    for c, head in enumerate(words["head"], start=1):
        paint(r, c, head, bold=True, fill="band", color="FFFFFF", grid=True, align="center")
    r += 1
    add = paint.cells.append
    for row in kpi_rows:  # the bulk of a slip: its cells made directly
        value, prior = f"D{r}", f"E{r}"
        then = trend[(row.key, "prior")]
        at = layout.ref(row.key, rep_id)
        looks = row.looks
        add(Cell(r, 1, row.label, looks[0]))
        add(Cell(r, 2, row.weight, looks[1], formula=True))
        add(Cell(r, 3, row.target, looks[2], formula=True))
        add(Cell(r, 4, f'=IF(ISNUMBER({at}),{at},"")', looks[3], formula=True))
        add(Cell(r, 5, None if pd.isna(then) else float(then), looks[4]))
        change = f'=IF(AND(ISNUMBER({value}),ISNUMBER({prior})),{value}-{prior},"")'
        add(Cell(r, 6, change, looks[5], formula=True))
        add(Cell(r, 7, str(trend[(row.key, "trend")]), looks[6]))
        add(Cell(r, 8, f"={layout.ref(row.column, rep_id)}", looks[7], formula=True))
        r += 1
    r += 1
    for c, head in enumerate(words["cuts"], start=1):
        paint(r, c, head, bold=True, fill="light")
    r += 1
    for violation, column in VIOLATIONS.items():
        paint(r, 1, words["violations"][violation])
        paint(r, 2, ref(column), fmt="0")
        paint(r, 3, param(column, "points"), fmt="0.0")
        paint(r, 4, param(column, "amount"), fmt="#,##0.00")
        r += 1
    r += 1
    summary = [
        (words["total"], "total_score", "0.00", words["rank"], "rank", "0"),
        (words["gross"], "gross_bonus", "#,##0.00", words["grade"], "grade", "General"),
        (words["minus"], "deduction_amount", "#,##0.00", words["bonus"], "bonus", "#,##0.00"),
    ]
    for left, lkey, lfmt, right, rkey, rfmt in summary:
        paint.pair(r, 1, left, ref(lkey), fmt=lfmt)
        paint.pair(r, 5, right, ref(rkey), fmt=rfmt, size=13 if rkey == "grade" else None)
        r += 1
    r += 1
    paint(r, 1, words["coach"], bold=True)
    points = [p for p in str(rep["coaching"]).split("; ") if p] or ["—"]
    for n, point in enumerate(points, start=1):
        paint(r, 2, f"{n}. {point}" if len(points) > 1 else point)
        r += 1
    r += 1
    paint(r, 1, words["sign"], color="595959")
    return r


def slips_sheet(
    result: AppraisalResult,
    layout: ScorecardLayout,
    *,
    lang: str,
    company: str,
    region_names: Mapping[str, str] | None = None,
) -> SheetPlan:
    """The Slips sheet's plan: one A4 page per rep, a manual page break after each.
    A rep's region is shown by its code and the name masters.xlsx gives it (`region_names`)."""
    trend = trends(result, lang).to_dict("index")
    words = slip_words(lang)
    paint = _Painter()
    kpi_rows = _kpi_rows(paint, result, layout, lang)
    breaks: list[int] = []
    top, last = 1, 1
    for rep in result.scorecard.to_dict("records"):  # one page per rep
        region = str(rep["region_id"] or "")
        named = (region_names or {}).get(region, "")
        last = _slip(
            paint,
            top,
            rep,
            result,
            layout,
            trend[rep["rep_id"]],
            words,
            kpi_rows,
            company,
            f"{region}  {named}" if named else region,
        )
        breaks.append(last)
        top = last + 1
    return SheetPlan(
        name=t(lang, "sheet.slips"),
        cells=paint.cells,
        widths=dict(WIDTHS),
        printing=PrintSetup(
            scale=78,
            area=Area(1, 1, last, len(WIDTHS)),
            row_breaks=breaks,
            margins_in=(0.5, 0.5, 0.6, 0.6),
            center=True,
            paper=_A4,
        ),
        protected=True,
        gridlines=False,
    )


def no_slips_sheet(lang: str, reason: str) -> SheetPlan:
    """What stands in for the slips when there is no scorecard: why, not stale slips."""
    return SheetPlan(
        name=t(lang, "sheet.slips"),
        cells=[Cell(1, 1, reason, Style(bold=True, color="9C5700"))],
        widths={1: 100},
        protected=True,
    )
