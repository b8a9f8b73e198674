"""The Scorecard sheet: KPI values as numbers, every score, total, rank, grade and bonus
as a live formula over them and the scheme tables, so a manager can audit each figure
and try a what-if (change a weight, target or rate and the sheet follows).

Layout: a note in row 1; rows 2–7 show the scheme parameters each column uses (rule,
weight, target and cap above each score; points and amount per violation above each
count), looked up from the Scheme and Deductions sheets by INDEX/MATCH; the table
`Scorecard` starts in row 9. Only functions Excel and LibreOffice share are used, and
each formula does the arithmetic of `addin.core.appraisal` in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import python_calamine

from addin.books.sheets import table_sheet
from addin.core.appraisal import KPIS, SPELLINGS, VIOLATIONS, AppraisalResult, Scheme
from addin.core.appraisal.scoring import SMALL_TARGET_CAP
from addin.core.appraisal.targets import SMALL_TARGET_FLAGS
from addin.core.issues import ROW
from addin.i18n import t
from addin.io.reader import TableLayout
from addin.io.xlsx.book import Area, Cell, PrintSetup, SheetPlan, Style
from addin.io.xlsx.parts import column_index, column_letter
from addin.schema import TABLES
from addin.schema.spec import ColType, Column, Table

SHEET = "Scorecard"
HEADER_ROW = 9
PARAM_ROWS = {"rule": 2, "weight": 3, "target": 4, "cap": 5, "points": 6, "amount": 7}
_UNIT_TYPE: dict[str, ColType] = {"money": "money", "pct": "pct", "int": "int", "number": "number"}
_PARAM_LABEL = Style(bold=True, color="1F4E78")
_PARAM = Style(fill="F2F2F2")


@dataclass(frozen=True, slots=True)
class InputTable:
    """Where an input table of appraisal.xlsx sits, for formulas that read it."""

    sheet: str
    first_row: int
    last_row: int
    letters: dict[str, str]

    @classmethod
    def of(cls, layout: TableLayout | None) -> InputTable | None:
        if layout is None:
            return None
        first = layout.header_row + 1
        return cls(
            layout.sheet,
            first,
            max(first, layout.last_row, layout.table_end_row),
            dict(layout.letters),
        )

    def range(self, key: str) -> str:
        c = self.letters[key]
        return f"{_quote(self.sheet)}!${c}${self.first_row}:${c}${self.last_row}"

    def cell(self, key: str, row: int) -> str:
        return f"{_quote(self.sheet)}!${self.letters[key]}${row}"


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def text_literal(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _is(cell: str, key: str) -> str:
    """`cell` holds one of the spellings of `key` (Excel compares text case-blind)."""
    return "OR(" + ",".join(f"TRIM({cell})={text_literal(s)}" for s in SPELLINGS[key]) + ")"


@dataclass(frozen=True)
class ScorecardLayout:
    """Where each scorecard column and rep row landed, for the slips to refer to."""

    letters: dict[str, str]
    rows: dict[str, int]  # rep_id → Excel row
    #: the sheet's title in the workbook (考核结果 in a Chinese one), which formulas name
    sheet: str = SHEET

    def ref(self, key: str, rep_id: str) -> str:
        return f"{_quote(self.sheet)}!${self.letters[key]}${self.rows[rep_id]}"

    def param(self, key: str, name: str) -> str:
        return f"{_quote(self.sheet)}!${self.letters[key]}${PARAM_ROWS[name]}"


def scorecard_spec(result: AppraisalResult) -> Table:
    """The Scorecard's columns: KPI labels and units from the catalogue, others as the
    Scorecard declares them."""
    columns: list[Column] = []
    for key in result.scorecard.columns:
        kpi_name = key.removesuffix("_score")
        if key in KPIS:
            kpi = KPIS[key]
            columns.append(Column(key, _UNIT_TYPE[kpi.unit], zh=kpi.zh, help=kpi.help))
        elif key.endswith("_score") and kpi_name in KPIS:
            columns.append(Column(key, "number", zh=KPIS[kpi_name].zh + "得分"))
        else:
            columns.append(TABLES[SHEET].column(key))
    return replace(TABLES[SHEET], columns=tuple(columns))


def _shown_frame(result: AppraisalResult, lang: str) -> pd.DataFrame:
    """The Python values; formula cells are overwritten after the table is filled."""
    frame = result.scorecard.copy()
    yes, no = t(lang, "scorecard.ranked.yes"), t(lang, "scorecard.ranked.no")
    for flag in ("ranked", *(f for _, f in SMALL_TARGET_FLAGS.values())):
        frame[flag] = frame[flag].map({True: yes, False: no})
    frame["rank"] = frame["rank"].astype(object).where(frame["rank"].notna(), None)
    return frame


def scorecard_sheet(
    result: AppraisalResult,
    scheme: Scheme,
    tables: dict[str, InputTable | None],
    names: dict[str, str],
    *,
    lang: str,
    note: str,
    title: str = SHEET,
) -> tuple[SheetPlan, ScorecardLayout]:
    """The Scorecard sheet's plan. `names` maps a KPI key or a violation to the text its
    row holds in Scheme / Deductions (what the formulas MATCH); `title` is the sheet the
    Scorecard table is on in the workbook, which the slips' formulas must name."""
    spec = scorecard_spec(result)
    frame = _shown_frame(result, lang)
    plan = table_sheet(spec, frame, lang=lang, note=note)
    assert plan.table is not None
    plan.table.header_row = HEADER_ROW
    letters = {key: column_letter(i) for i, key in enumerate(frame.columns)}
    rows = {rep: HEADER_ROW + 1 + i for i, rep in enumerate(frame["rep_id"])}
    cells = _Cells(letters)
    _parameters(cells, result, tables, names)
    for name, row in PARAM_ROWS.items():
        plan.cells.append(Cell(row, 1, t(lang, f"scorecard.param.{name}"), _PARAM_LABEL))
    if len(frame):
        _formulas(cells, result, scheme, tables, len(frame), lang)
    plan.cells += cells.out
    plan.freeze = (HEADER_ROW + 1, 3)
    # Printed as the table only (one page wide, landscape); the Slips are the print form.
    plan.repeat_rows = (HEADER_ROW, HEADER_ROW)
    last = HEADER_ROW + max(len(frame), 1)
    plan.printing = PrintSetup(
        landscape=True, fit=(1, 0), area=Area(HEADER_ROW, 1, last, len(frame.columns))
    )
    plan.protected = True
    return plan, ScorecardLayout(letters, rows, title)


class _Cells:
    """Our cells of the Scorecard, addressed as its formulas read them ("D12")."""

    def __init__(self, letters: dict[str, str]) -> None:
        self.letters = letters
        self.index = {letter: i for i, letter in enumerate(letters.values(), start=1)}
        self.out: list[Cell] = []

    def __setitem__(self, at: tuple[str, int], content: tuple[object, Style | None]) -> None:
        (letter, row), (value, style) = at, content
        formula = isinstance(value, str) and value.startswith("=")
        self.out.append(Cell(row, self.index[letter], value, style, formula=formula))


def _parameters(
    ws: _Cells,
    result: AppraisalResult,
    tables: dict[str, InputTable | None],
    names: dict[str, str],
) -> None:
    letters = ws.letters
    scheme_table = tables["Scheme"]
    if scheme_table is not None:
        for key, column in zip(result.kpi_keys, result.score_columns, strict=True):
            at = f"MATCH({text_literal(names[key])},{scheme_table.range('kpi')},0)"
            pick = {
                k: f"INDEX({scheme_table.range(k)},{at})"
                for k in ("rule", "weight", "target", "cap")
            }
            c = letters[column]
            ws[c, PARAM_ROWS["rule"]] = f"=TRIM({pick['rule']})", _PARAM
            ws[c, PARAM_ROWS["weight"]] = f"={pick['weight']}", _PARAM
            ws[c, PARAM_ROWS["target"]] = f"={pick['target']}", _PARAM
            cap = f"=IF(ISNUMBER({pick['cap']}),{pick['cap']},100)"
            ws[c, PARAM_ROWS["cap"]] = cap, _PARAM
    cuts = tables["Deductions"]
    for violation, column in VIOLATIONS.items():
        c = letters[column]
        for name in ("points", "amount"):
            if cuts is None or violation not in names:
                ws[c, PARAM_ROWS[name]] = 0, _PARAM
                continue
            at = f"MATCH({text_literal(names[violation])},{cuts.range('violation')},0)"
            ws[c, PARAM_ROWS[name]] = f"=IFERROR(INDEX({cuts.range(name)},{at}),0)", _PARAM


_FORMATS = {
    "deduction_points": "0.0",
    "total_score": "0.00",
    "rank": "0",
    "grade": "General",
    "gross_bonus": "#,##0.00",
    "deduction_amount": "#,##0.00",
    "bonus": "#,##0.00",
}
_STYLES = {
    key: Style(num_format=fmt, bold=key in ("total_score", "grade", "bonus"))
    for key, fmt in _FORMATS.items()
}
_SCORE = Style(num_format="0.0")


def _formulas(
    ws: _Cells,
    result: AppraisalResult,
    scheme: Scheme,
    tables: dict[str, InputTable | None],
    count: int,
    lang: str,
) -> None:
    letters = ws.letters
    first, last = HEADER_ROW + 1, HEADER_ROW + count
    p = PARAM_ROWS
    scores = [letters[c] for c in result.score_columns]
    counts = [letters[c] for c in VIOLATIONS.values()]
    yes = text_literal(t(lang, "scorecard.ranked.yes"))
    L = letters  # short: the formulas below read like the sheet
    total_col, ranked_col = L["total_score"], L["ranked"]
    grade_formula = _grade_formula(tables["Grades"])
    gate = _gate_formula(tables["BonusRules"])
    unranked = _unranked_formula(tables["BonusRules"])
    tiers = _tier_terms(tables["BonusRules"], scheme)
    S = _STYLES
    for r in range(first, last + 1):
        for key, c in zip(result.kpi_keys, scores, strict=True):
            v = f"{L[key]}{r}"
            rule, target, cap = f"{c}${p['rule']}", f"{c}${p['target']}", f"{c}${p['cap']}"
            if key in SMALL_TARGET_FLAGS:  # a too-small target: scored at most 100
                small = f"${L[SMALL_TARGET_FLAGS[key][1]]}{r}={yes}"
                cap = f"IF({small},MIN({cap},{SMALL_TARGET_CAP:g}),{cap})"
            ws[c, r] = "=" + score_formula(v, rule, target, cap), _SCORE
        span = f"{counts[0]}{r}:{counts[-1]}{r}"
        ws[L["deduction_points"], r] = (
            f"=SUMPRODUCT(${counts[0]}${p['points']}:${counts[-1]}${p['points']},{span})",
            S["deduction_points"],
        )
        ws[L["deduction_amount"], r] = (
            f"=SUMPRODUCT(${counts[0]}${p['amount']}:${counts[-1]}${p['amount']},{span})",
            S["deduction_amount"],
        )
        weighted = (
            f"SUMPRODUCT(${scores[0]}${p['weight']}:${scores[-1]}${p['weight']},"
            f"{scores[0]}{r}:{scores[-1]}{r})"
            if scores
            else "0"
        )
        ws[total_col, r] = (
            f"=ROUND(MAX(0,{weighted}/100-{L['deduction_points']}{r}),2)",
            S["total_score"],
        )
        ws[L["rank"], r] = (
            f"=IF(${ranked_col}{r}={yes},SUMPRODUCT((${total_col}${first}:${total_col}${last}"
            f'>{total_col}{r})*(${ranked_col}${first}:${ranked_col}${last}={yes}))+1,"")',
            S["rank"],
        )
        ws[L["grade"], r] = (
            f'=IF(${ranked_col}{r}={yes},{grade_formula.format(t=f"{total_col}{r}")},"")',
            S["grade"],
        )
        cells = {
            "sm": f"{L['sales']}{r}",
            "st": f"{L['sales_target']}{r}",
            "cm": f"{L['collections']}{r}",
            "ct": f"{L['collection_target']}{r}",
        }
        paid = "+".join(term.format(**cells) for term in tiers)
        share = f"IF(${ranked_col}{r}={yes},1,{unranked}/100)"
        ws[L["gross_bonus"], r] = (
            f"={share}*IF({total_col}{r}>={gate},{paid},0)" if paid else "=0",
            S["gross_bonus"],
        )
        ws[L["bonus"], r] = (
            f"=ROUND(MAX(0,{L['gross_bonus']}{r}-{L['deduction_amount']}{r}),2)",
            S["bonus"],
        )


def score_formula(v: str, rule: str, target: str, cap: str) -> str:
    """A KPI's score from its value cell and its rule/target/cap cells (see the core's
    `kpi_score`): a blank value scores 0."""
    threshold = f"IF({v}>={target},100,0)"
    lower = f"IF({v}<=0,{cap},MIN({cap},100*{target}/{v}))"
    linear = f"IF({target}>0,MAX(0,MIN({cap},100*{v}/{target})),0)"
    return (
        f"IF(ISNUMBER({v}),IF({_plain_is(rule, 'threshold')},{threshold},"
        f"IF({_plain_is(rule, 'lower_better')},{lower},{linear})),0)"
    )


def _plain_is(cell: str, key: str) -> str:
    """Like `_is` for a cell that already holds trimmed text (the rule parameter row)."""
    return "OR(" + ",".join(f"{cell}={text_literal(s)}" for s in SPELLINGS[key]) + ")"


def _grade_formula(grades: InputTable | None) -> str:
    """`{t}` is the total's cell: the band with the highest min_score not above it."""
    if grades is None:
        return '""'
    low, name = grades.range("min_score"), grades.range("grade")
    return (
        f'IF(COUNT({low})=0,"",IF({{t}}<MIN({low}),"",INDEX({name},'
        f"MATCH(SUMPRODUCT(MAX(({low}<={{t}})*{low})),{low},0))))"
    )


def _gate_formula(rules: InputTable | None) -> str:
    """The min_score rule's threshold (0 when there is none)."""
    if rules is None:
        return "0"
    kinds, low = rules.range("kind"), rules.range("threshold_pct")
    hits = "+".join(f"(TRIM({kinds})={text_literal(s)})" for s in SPELLINGS["min_score"])
    return f"SUMPRODUCT(({hits})*{low})"


def _unranked_formula(rules: InputTable | None) -> str:
    """The unranked rule's rate % (0 when there is none): what a rep not ranked gets."""
    if rules is None:
        return "0"
    kinds, rate = rules.range("kind"), rules.range("rate_pct")
    hits = "+".join(f"(TRIM({kinds})={text_literal(s)})" for s in SPELLINGS["unranked"])
    return f"SUMPRODUCT(({hits})*{rate})"


def _tier_terms(rules: InputTable | None, scheme: Scheme) -> list[str]:
    """One term per BonusRules row; each reads its own row's kind, so a re-sorted table
    still pays each tier on the right measure. Placeholders: {sm} {st} {cm} {ct}."""
    if rules is None or scheme.tiers.empty:
        return []
    terms = []
    for row in sorted(scheme.tiers[ROW].astype(int)):
        kind = rules.cell("kind", row)
        sales = _tier(rules, row, "{sm}", "{st}")
        collections = _tier(rules, row, "{cm}", "{ct}")
        terms.append(
            f"IF({_is(kind, 'sales')},{sales},IF({_is(kind, 'collections')},{collections},0))"
        )
    return terms


def _tier(rules: InputTable, row: int, measure: str, target: str) -> str:
    """`rate/100*MAX(0, MIN(M, T*up/100) - T*thr/100)` when the rep has a target."""
    thr, up = rules.cell("threshold_pct", row), rules.cell("up_to_pct", row)
    rate = rules.cell("rate_pct", row)
    top = f"IF(ISNUMBER({up}),MIN({measure},{target}*{up}/100),{measure})"
    return f"IF({target}>0,{rate}/100*MAX(0,{top}-{target}*{thr}/100),0)"


def raw_names(path: Path, tables: dict[str, InputTable | None], scheme: Scheme) -> dict[str, str]:
    """The text each scheme row holds in its sheet, as typed (formulas MATCH it)."""
    out: dict[str, str] = {}
    pairs = [("Scheme", "kpi", scheme.kpis), ("Deductions", "violation", scheme.deductions)]
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        for name, key, frame in pairs:
            table = tables[name]
            if table is None:
                continue
            grid = book.get_sheet_by_name(table.sheet).to_python(skip_empty_area=False)
            col = column_index(table.letters[key])
            for value, row in zip(frame[key], frame[ROW].astype(int), strict=True):
                line = grid[row - 1] if row - 1 < len(grid) else []
                raw = line[col] if col < len(line) else None
                out[str(value)] = str(raw) if raw not in (None, "") else str(value)
    finally:
        book.close()
    return out
