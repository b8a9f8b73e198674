"""Templates are built from code: a rebuild must match the committed files part by part."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from addin.books.templates.builder import build_templates
from addin.io.reader import WorkbookFile
from addin.schema import TABLES, WORKBOOK_INPUTS, WORKBOOK_OUTPUTS, WORKBOOK_TABLES
from addin.schema.names import sheet_name
from tests.xlsx_compare import differences

COMMITTED = Path(__file__).resolve().parent.parent / "workbooks"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    build_templates(folder)
    return folder


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stem", ["masters", "finance", "plan", "appraisal", "dashboard", "rep"])
def test_rebuilt_template_matches_the_committed_one(rebuilt, lang, stem) -> None:
    committed = COMMITTED / lang / f"{stem}.xlsx"
    assert committed.exists(), "run `salesdesk templates workbooks` and commit the result"
    assert differences(committed, rebuilt / lang / f"{stem}.xlsx") == [], (
        "templates changed: if deliberate, run `salesdesk templates workbooks` and commit"
    )


def test_the_comparison_notices_a_changed_label(rebuilt, tmp_path) -> None:
    book = openpyxl.load_workbook(rebuilt / "en" / "masters.xlsx")
    book["Customers"]["A1"].value = "Client"
    book.save(tmp_path / "changed.xlsx")
    assert differences(rebuilt / "en" / "masters.xlsx", tmp_path / "changed.xlsx")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stem", ["masters", "finance", "plan", "appraisal", "rep"])
def test_every_input_table_is_a_named_table_with_validation(rebuilt, lang, stem) -> None:
    path = rebuilt / lang / f"{stem}.xlsx"
    with WorkbookFile(path) as book:
        for name in WORKBOOK_INPUTS[stem]:
            read = book.read(TABLES[name])
            assert read.found, name
            assert not [i for i in read.issues if i.severity == "error"], read.issues
            assert read.present == set(TABLES[name].keys)  # headers map back to every key
    sheets = openpyxl.load_workbook(path)
    for name in WORKBOOK_INPUTS[stem]:
        spec = TABLES[name]
        validated = sheets[sheet_name(name, lang)].data_validations.dataValidation
        wants = [c for c in spec.columns if c.allowed or c.type in ("date", "time")]
        assert len(validated) >= len(wants), name


@pytest.mark.parametrize("stem", ["finance", "plan", "appraisal", "dashboard", "rep"])
def test_templates_carry_every_output_table_the_jobs_write(rebuilt, stem) -> None:
    """Each output table declared for a workbook is in its template, headed by the
    declared columns (ageing tables with the default buckets in their place)."""
    sheets = openpyxl.load_workbook(rebuilt / "en" / f"{stem}.xlsx")
    buckets = ["d1_30", "d31_60", "d61_90", "d91_180", "over_180"]
    for name in WORKBOOK_OUTPUTS[stem]:
        spec = TABLES[name]
        table = sheets[name].tables[name]
        first, last = table.ref.split(":")
        headers = [cell.value for cell in sheets[name][first:last][0]]
        assert headers == [c.label("en") for c in spec.with_buckets(buckets)], name


def test_a_column_no_output_declares_is_refused() -> None:
    with pytest.raises(KeyError, match="Dunning declares no column 'surprise'"):
        TABLES["Dunning"].column_for("surprise")
    assert TABLES["Ageing"].column_for("d1_45").type == "money"
    assert sorted(WORKBOOK_INPUTS["rep"] + WORKBOOK_OUTPUTS["rep"]) == sorted(
        WORKBOOK_TABLES["rep"]
    )


def test_a_chinese_workbook_has_chinese_sheet_tabs(rebuilt) -> None:
    """The tabs a Chinese user sees are Chinese; the Excel Tables keep their stable names
    (formulas and both builds find them by those)."""
    book = openpyxl.load_workbook(rebuilt / "zh" / "rep.xlsx")
    assert book.sheetnames[0] == "使用说明"
    assert {"业务员日报", "周拜访路线", "我的客户", "问题清单"} <= set(book.sheetnames)
    assert "DailyReport" in book["业务员日报"].tables
    assert not [s for s in book.sheetnames if s.isascii()]
