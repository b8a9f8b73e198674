"""`C00008 天津泰美超市` as a dropdown stores it: read as the code when the name is the
code's, flagged when it is another; anything else is left for the other checks."""

from __future__ import annotations

import pandas as pd

from addin.core.listed import confirming_names, listed_entry, read_listed

NAMES = confirming_names(
    {"C1": "Harbour Foods", "C2": "天津泰美超市", "C3": None},  # type: ignore[dict-item]
    {"C1": "Harbour Foods (old)", "C2": "天津泰美超市"},
)


def test_each_form_is_read_exactly() -> None:
    values = pd.Series(
        [
            "C1",  # a code: untouched
            "C1 Harbour Foods",  # picked
            "c1   HARBOUR foods ",  # typed like it
            "C1 Harbour Foods (old)",  # picked before the customer was renamed
            "C2　天津泰美超市",  # a full-width space
            "C1 天津泰美超市",  # C1 with C2's name
            "天津泰美超市",  # a name alone: for the name check
            "C9 Somebody",  # not the rep's code: for the lookup check
            None,
            7.0,
        ]
    )
    read = read_listed(values, NAMES)
    assert read.codes.tolist()[:7] == ["C1", "C1", "C1", "C1", "C2", "C1", "天津泰美超市"]
    assert read.codes.tolist()[7] == "C9 Somebody" and read.codes[8] is None
    assert read.mismatch.tolist() == [False] * 5 + [True] + [False] * 4
    assert read.named[5] == "Harbour Foods"


def test_the_dropdown_entry_is_one_line() -> None:
    assert listed_entry("C2", " 天津\n泰美  超市 ") == "C2 天津 泰美 超市"
    assert listed_entry("C3", None) == "C3"
    assert NAMES["C1"] == ("Harbour Foods", "Harbour Foods (old)")
    assert NAMES["C2"] == ("天津泰美超市",) and NAMES["C3"] == ()


def test_a_code_that_holds_a_space_is_read_whole() -> None:
    names = confirming_names({"HK 001": "Kowloon Mart", "HK": "Hong Kong Depot", "C1": "A"})
    values = pd.Series(
        [
            "HK 001 Kowloon Mart",  # the code with a space, picked
            "HK  001   kowloon mart",  # typed with other spacing
            "HK Hong Kong Depot",  # the shorter code, picked
            "HK 001 Hong Kong Depot",  # HK 001 with HK's name: not silently HK
        ]
    )
    read = read_listed(values, names)
    assert read.codes.tolist() == ["HK 001", "HK 001", "HK", "HK 001"]
    assert read.mismatch.tolist() == [False, False, False, True]
    assert read.named[3] == "Kowloon Mart"
