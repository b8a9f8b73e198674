"""The typed masters kept between commands are the masters read from the workbook."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from addin.io import masters_cache
from addin.io.company import Masters, _read_masters, load_masters


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet][cell].value = value
    book.save(path)


def _same_frame(a: pd.DataFrame, b: pd.DataFrame, name: str) -> None:
    assert list(a.columns) == list(b.columns), name
    assert type(a.index) is type(b.index) and a.index.equals(b.index), name
    for key in a.columns:
        assert a[key].dtype == b[key].dtype, (name, key)
        for x, y in zip(a[key].tolist(), b[key].tolist(), strict=True):
            assert type(x) is type(y), (name, key, x, y)  # None stays None, NaN NaN
            assert x is y or bool(x == y) or (x != x and y != y), (name, key, x, y)


def _same(got: Masters, want: Masters) -> None:
    assert got.settings == want.settings
    assert got.issues == want.issues
    assert list(got.reads) == list(want.reads)
    for name, read in want.reads.items():
        kept = got.reads[name]
        _same_frame(kept.frame, read.frame, name)
        assert kept.spec is read.spec
        assert (kept.issues, kept.layout, kept.present, kept.percent_rows) == (
            read.issues,
            read.layout,
            read.present,
            read.percent_rows,
        )
    for table in ("regions", "reps", "products", "customers", "strategy"):
        _same_frame(getattr(got, table), getattr(want, table), table)


def _masters(root: Path) -> Path:
    return root / "masters.xlsx"


def test_kept_masters_are_the_read_ones(demo_company: Path) -> None:
    path = _masters(demo_company)
    masters_cache.cache_path(path).unlink(missing_ok=True)
    fresh = _read_masters(path, None)
    first = load_masters(path)  # reads the workbook, keeps the result
    assert masters_cache.cache_path(path).is_file()
    kept = masters_cache.load(path, masters_cache.file_key(path, None) or {})
    assert kept is not None  # served from the cache from now on
    second = load_masters(path)
    _same(first, fresh)
    _same(second, fresh)
    # nothing but plain arrays: the archive opens without pickle
    with np.load(masters_cache.cache_path(path), allow_pickle=False) as archive:
        assert all(archive[n].dtype != object for n in archive.files)


def test_an_edited_masters_is_read_again(demo_company: Path) -> None:
    path = _masters(demo_company)
    load_masters(path)
    before = masters_cache.file_key(path, None)
    _edit(path, "Products", "B2", "Renamed product")
    assert masters_cache.file_key(path, None) != before
    assert masters_cache.load(path, masters_cache.file_key(path, None) or {}) is None
    got = load_masters(path)
    assert got.products["name"].iloc[0] == "Renamed product"
    _same(got, _read_masters(path, None))


def test_other_limits_are_another_key(demo_company: Path) -> None:
    from addin.io.xlsx.safety import Limits

    path = _masters(demo_company)
    load_masters(path)
    other = masters_cache.file_key(path, Limits(max_rows=10))
    assert other is not None and masters_cache.load(path, other) is None


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other_key"])
def test_a_damaged_cache_is_a_miss(demo_company: Path, damage: str) -> None:
    path = _masters(demo_company)
    load_masters(path)
    cache = masters_cache.cache_path(path)
    key = masters_cache.file_key(path, None) or {}
    if damage == "truncated":
        cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 2])
    elif damage == "garbage":
        cache.write_bytes(b"PK\x03\x04 not a cache")
    else:
        key = {**key, "sha256": "0" * 64}
    assert masters_cache.load(path, key) is None
    _same(load_masters(path), _read_masters(path, None))


def test_masters_with_issues_are_never_kept(demo_company: Path) -> None:
    path = _masters(demo_company)
    masters_cache.cache_path(path).unlink(missing_ok=True)
    _edit(path, "Products", "D2", "not a price")
    masters = load_masters(path)
    assert masters.issues
    assert not masters_cache.cache_path(path).exists()
    again = load_masters(path)
    assert again.issues == masters.issues


def test_off_reads_the_workbook(demo_company: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _masters(demo_company)
    masters_cache.cache_path(path).unlink(missing_ok=True)
    monkeypatch.setenv(masters_cache.ENV_VAR, "off")
    load_masters(path)
    assert not masters_cache.cache_path(path).exists()


def test_an_unwritable_folder_is_no_error(demo_company: Path, tmp_path: Path) -> None:
    path = _masters(demo_company)
    cache_dir = masters_cache.cache_path(path).parent
    shutil.rmtree(cache_dir, ignore_errors=True)
    cache_dir.write_text("a file where the folder would be")
    _same(load_masters(path), _read_masters(path, None))


def test_the_key_is_the_same_whatever_a_command_imported() -> None:
    """Each command imports a different part of the package; the cache made by one must be
    found by the next, so the reading code's hash cannot depend on what is imported."""
    show = "from addin.io import masters_cache as m; print(m._code_hash())"
    alone = subprocess.run(
        [sys.executable, "-c", show], capture_output=True, text=True, check=True
    ).stdout
    after = subprocess.run(
        [sys.executable, "-c", "import addin.core.validate, addin.jobs.collect; " + show],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert alone.strip() and alone == after
