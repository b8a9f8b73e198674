"""Customer and invoice ids as integer codes, made once on entry.

Every later join, sort and comparison (an invoice's owner, a payment's invoice, known
customers, FIFO order) works on these int64 codes; text is taken back out of the
vocabulary only for output and messages. Each vocabulary is sorted and holds "" at
code 0, so comparing codes orders like comparing the ids, and a blank id is code 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BLANK = 0


def _distinct(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes into `texts`, texts): the column's distinct values stripped (−1 blank).

    Ids repeat a lot (a customer on thousands of lines), so the distinct values are
    cleaned once and mapped back by code."""
    if column not in frame.columns:
        return np.full(len(frame), -1, dtype="int64"), np.zeros(0, dtype=str)
    values = frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Coded already (a million lines, a few thousand ids): no row is hashed.
        codes, distinct = values.cat.codes.to_numpy(), _fixed_width(values.cat.categories)
    else:
        codes, uniques = pd.factorize(values.to_numpy())
        distinct = _fixed_width(uniques)
    # Fixed-width unicode: sorting and comparing it runs in C, not by Python compares.
    stripped = np.strings.strip(distinct)
    return np.asarray(codes, dtype="int64"), stripped


def _fixed_width(distinct: pd.Index | np.ndarray) -> np.ndarray:
    """Distinct values as fixed-width numpy text. Left to itself numpy first walks
    every value to find the widest; here the width comes from a sample, and the
    values are turned again the general way only if one may have been cut."""
    values = np.asarray(distinct, dtype=object)
    try:
        width = max(map(len, values[:_SAMPLE]), default=0) + 1
    except TypeError:  # not all text (numbers, dates)
        return np.asarray(values, dtype=str)
    text = values.astype(f"U{width}")
    longest = int(np.strings.str_len(text).max(initial=0))
    if longest >= width:  # as wide as the cut: some value may be longer
        return np.asarray(values, dtype=str)
    return text.astype(f"U{max(longest, 1)}")


#: How many values `_fixed_width` measures to choose the width.
_SAMPLE = 1000


def _vocabulary(*texts: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The sorted distinct values of all `texts` with "" first, and each text's code
    in it: one sort of the distinct values, no search per value."""
    pieces = [np.array([""], dtype=str), *texts]
    everything = np.concatenate(pieces)
    comparable = _as_integers(everything)
    if comparable.dtype.kind == "u":
        order = _merged_order(comparable, [piece.size for piece in pieces])
    else:  # long ids stay text, which numpy's quicksort sorts slower than its timsort
        order = np.argsort(comparable, kind="stable")
    in_order = comparable[order]
    new = np.r_[True, in_order[1:] != in_order[:-1]]
    codes = np.empty(everything.size, dtype="int64")
    codes[order] = np.cumsum(new) - 1
    ends = np.cumsum([piece.size for piece in pieces])
    return everything[order[new]], np.split(codes, ends[:-1])[1:]


def _merged_order(values: np.ndarray, sizes: list[int]) -> np.ndarray:
    """An order that sorts integer `values`, made of runs of the given sizes: each
    run sorted on its own (not at all when in order already, as a ledger's ids often
    are; equal values may change places, which codes cannot tell), then the sorted
    runs merged by one stable sort, which finds them and merges them in a few passes."""
    ends = np.cumsum(sizes)
    runs = []
    for start, end in zip(ends - np.asarray(sizes), ends, strict=True):
        run = values[start:end]
        in_order = run.size < 2 or bool((run[1:] >= run[:-1]).all())
        runs.append(np.arange(start, end) if in_order else np.argsort(run) + start)
    within = np.concatenate(runs)
    return within[np.argsort(values[within], kind="stable")]


def _as_integers(texts: np.ndarray) -> np.ndarray:
    """Ids of at most 8 characters below U+0100 (the usual codes) as one unsigned
    integer each, the characters its bytes, the first the highest: integers that
    order and compare exactly like the text, and sort several times faster. Other
    text is returned as it is."""
    width = texts.dtype.itemsize // 4
    if not 0 < width <= 8:
        return texts
    chars = np.ascontiguousarray(texts).view(np.uint32).reshape(texts.size, width)
    if chars.max(initial=0) >= 256:
        return texts
    key = np.zeros(texts.size, dtype=np.uint64)
    for column in chars.T:
        key = (key << np.uint64(8)) | column
    return key


def _into(codes: np.ndarray, vocabulary_codes: np.ndarray) -> np.ndarray:
    """Codes into a column's distinct texts (−1 blank) as codes into the vocabulary."""
    return np.append(vocabulary_codes, BLANK)[codes]


@dataclass(frozen=True)
class Ids:
    """Sorted vocabularies and the code of every input row. `invoices` stays numpy
    text: hundreds of thousands of ids, of which only those shown become strings."""

    customers: np.ndarray
    invoices: np.ndarray
    #: per customer code, its row in the customer card (−1: not on the card)
    card_row: np.ndarray
    sales_customer: np.ndarray
    sales_invoice: np.ndarray
    payment_customer: np.ndarray
    payment_invoice: np.ndarray

    def customer_text(self, codes: np.ndarray) -> np.ndarray:
        return self.customers[codes]

    def invoice_text(self, codes: np.ndarray) -> np.ndarray:
        """Invoice ids as Python text (object array), for output and messages."""
        return self.invoices[codes].astype(object)

    def on_card(self, codes: np.ndarray) -> np.ndarray:
        return self.card_row[codes] >= 0

    def card_values(self, card: pd.DataFrame, column: str, codes: np.ndarray) -> np.ndarray:
        """`column` of the card per customer code; blank ("" or NaN) off the card."""
        values = card[column].to_numpy()
        missing = "" if values.dtype == object else np.nan
        return np.append(values, missing)[self.card_row[codes]]


def entry_ids(sales_lines: pd.DataFrame, payments: pd.DataFrame, card: pd.DataFrame) -> Ids:
    """Code the customer and invoice ids of SalesLines, Payments and the card (indexed by
    customer_id) against shared vocabularies."""
    sales_cust, sales_cust_texts = _distinct(sales_lines, "customer_id")
    pay_cust, pay_cust_texts = _distinct(payments, "customer_id")
    sales_inv, sales_inv_texts = _distinct(sales_lines, "invoice_id")
    pay_inv, pay_inv_texts = _distinct(payments, "invoice_id")
    card_ids = np.asarray(card.index, dtype=str)
    customers, (card_codes, sales_cust_codes, pay_cust_codes) = _vocabulary(
        card_ids, sales_cust_texts, pay_cust_texts
    )
    invoices, (sales_inv_codes, pay_inv_codes) = _vocabulary(sales_inv_texts, pay_inv_texts)
    card_row = np.full(len(customers), -1, dtype="int64")
    card_row[card_codes] = np.arange(len(card_ids))
    card_row[BLANK] = -1
    return Ids(
        customers=customers.astype(object),
        invoices=invoices,
        card_row=card_row,
        sales_customer=_into(sales_cust, sales_cust_codes),
        sales_invoice=_into(sales_inv, sales_inv_codes),
        payment_customer=_into(pay_cust, pay_cust_codes),
        payment_invoice=_into(pay_inv, pay_inv_codes),
    )
