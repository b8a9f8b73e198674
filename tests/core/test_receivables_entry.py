"""Ageing's entry coding and its check of line order, against their plain definitions:
every join, FIFO order and output id depends on them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.receivables.ids import _fixed_width, _vocabulary
from addin.core.receivables.invoices import _grouped

#: short codes (packed as integers), long ones, blanks and non-Latin text
ids = st.one_of(
    st.sampled_from(["", "C01", "C02", "C10", "I0000001", "I0000002"]),
    st.text(alphabet="AB01 é中", max_size=11),
)


@hyp_settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(ids, max_size=25), min_size=1, max_size=3), st.booleans())
def test_the_vocabulary_is_the_sorted_distinct_ids_and_codes_point_into_it(
    pieces: list[list[str]], sort_first: bool
) -> None:
    arrays = [np.array(sorted(p) if sort_first else p, dtype=str) for p in pieces]
    arrays = [a if a.size else np.zeros(0, dtype=str) for a in arrays]
    vocabulary, codes = _vocabulary(*arrays)
    assert vocabulary.tolist() == sorted({"", *(v for a in arrays for v in a.tolist())})
    for array, code in zip(arrays, codes, strict=True):
        assert vocabulary[code].tolist() == array.tolist()


@hyp_settings(max_examples=300, deadline=None)
@given(st.lists(ids, max_size=40), st.integers(0, 60))
def test_fixed_width_text_is_numpys_own_even_past_the_sample(
    values: list[str], long_at: int
) -> None:
    if long_at < len(values):  # one value far wider than those measured
        values[long_at] = "X" * 30
    distinct = pd.Index(values, dtype=object)
    got = _fixed_width(distinct)
    assert got.tolist() == np.asarray(distinct, dtype=str).tolist()
    # As wide as the longest value, no wider: ids of up to 8 characters sort as integers.
    assert got.dtype == np.dtype(f"U{max([1, *map(len, values)])}")


def test_fixed_width_measures_a_sample_and_still_keeps_a_long_value_whole() -> None:
    values = pd.Index(["C1"] * 2000 + ["CUSTOMER-000001"], dtype=object)
    assert _fixed_width(values)[-1] == "CUSTOMER-000001"


@st.composite
def lines(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    size = draw(st.integers(1, 12))
    inv = draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))
    if draw(st.booleans()):
        inv.sort()
    line = draw(st.lists(st.sampled_from([1.0, 2.0, 3.0, np.inf]), min_size=size, max_size=size))
    row = draw(st.lists(st.integers(2, 6), min_size=size, max_size=size))
    return np.array(inv), np.array(line), np.array(row)


@hyp_settings(max_examples=400, deadline=None)
@given(lines())
def test_lines_count_as_grouped_exactly_when_sorting_would_not_move_them(
    found: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    inv, line, row = found
    # The order ageing wants: invoices by first appearance, then line number, then row.
    first = {code: at for at, code in reversed(list(enumerate(inv.tolist())))}
    wanted = sorted(range(inv.size), key=lambda k: (first[inv[k]], line[k], row[k], k))
    in_place = [(inv[k], line[k], row[k]) for k in wanted] == list(zip(inv, line, row, strict=True))
    assert _grouped(inv, line, row, 4) == in_place
