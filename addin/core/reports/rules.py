"""Row rules of a rep's report that need the rep's context but no dates.

Whose customer it is, which products exist, rows typed twice, and competitor prices that
contradict each other. Amounts below zero are not checked here: each such column declares
`min=0` in its spec and the reader reports it once (`below_min`). The generic reader has already
checked types and required cells, so blanks are skipped here rather than reported twice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import pandas as pd

from addin.core.issues import FILE, ROW, Issue
from addin.core.listed import name_key
from addin.core.reports.flags import flag, same_file, user_columns
from addin.core.reports.unique import ids_text
from addin.core.validate import PerFile, is_known
from addin.schema.names import SheetName

#: Tables whose product_id must name one of the company's products. Competitors.product
#: is the competitor's product, free text.
PRODUCT_TABLES = ("Forecast", "MarketInspection")


def id_set(ids: Iterable[object]) -> frozenset[str]:
    """Ids as trimmed text, the form `ids_text` compares against."""
    text = ids_text(pd.Series(list(ids), dtype="object")).dropna()
    return frozenset(text.tolist())


def id_set_texts(ids: Sequence[object]) -> list[object]:
    """Each id as `id_set` gives it (NA for a blank), position by position."""
    return ids_text(pd.Series(list(ids), dtype="object")).tolist()


def check_customers(
    frame: pd.DataFrame,
    sheet: str,
    customers: frozenset[str] | PerFile,
    names: Mapping[str, str] | Mapping[str, Mapping[str, str]] | None = None,
) -> list[Issue]:
    """Customers that are not the rep's. A customer's name typed where its code belongs
    (`names`: the rep's customers, id → name) is told apart, with the code when the name
    is unique among the rep's customers. In a frame stacking several files `customers`
    is a `PerFile` and `names` is keyed by file: each row is judged by its own rep's list."""
    if "customer_id" not in frame.columns:
        return []
    ids = ids_text(frame["customer_id"])
    known = is_known(frame, ids, customers)
    foreign = ids.notna() & (ids != "") & ~known
    if not foreign.any():
        return []
    if isinstance(customers, PerFile):
        files = frame[FILE]
        named: Mapping[str, Mapping[str, str]] = names or {}  # type: ignore[assignment]
        lists = {  # only the files with a foreign customer: a few
            f: _by_name(customers.sets.get(f, ()), named.get(f, {}))
            for f in set(files[foreign].tolist())
        }
        codes = pd.Series(
            [
                lists.get(f, {}).get(name_key(v), []) if hit else None
                for f, v, hit in zip(files.tolist(), ids.tolist(), foreign.tolist(), strict=True)
            ],
            index=ids.index,
            dtype=object,
        )
    else:
        by_name = _by_name(customers, names or {})  # type: ignore[arg-type]
        codes = ids.where(foreign).map(lambda v: by_name.get(name_key(v), []), na_action="ignore")
    hits = codes.map(lambda c: len(c) if isinstance(c, list) else 0)
    unique, several = foreign & (hits == 1), foreign & (hits > 1)
    issues = flag(
        frame,
        foreign & (hits == 0),
        code="not_my_customer",
        sheet=sheet,
        column="customer_id",
    )
    issues += flag(
        frame,
        unique,
        code="customer_name_for_id",
        sheet=sheet,
        column="customer_id",
        detail=codes.map(lambda c: c[0] if isinstance(c, list) and c else ""),
    )
    issues += flag(
        frame,
        several,
        code="customer_name_ambiguous",
        sheet=sheet,
        column="customer_id",
    )
    return issues


def _by_name(customers: Collection[str], names: Mapping[str, str]) -> dict[str, list[str]]:
    """The rep's customers' codes by the name as compared (several may share one)."""
    by_name: dict[str, list[str]] = {}
    for code, name in names.items():
        if code in customers and name:
            by_name.setdefault(name_key(name), []).append(code)
    return by_name


#: Codes that say more about a customer cell than the reader's "not in MyCustomers".
NAME_HINTS = frozenset({"customer_name_for_id", "customer_name_ambiguous"})


def prefer_name_hints(issues: list[Issue]) -> list[Issue]:
    """One message per cell: where a name was typed for a code, drop the generic
    not_my_customer the reader gave the same cell."""
    hinted = {(i.file, i.sheet, i.row, i.column) for i in issues if i.code in NAME_HINTS}
    return [
        i
        for i in issues
        if not (i.code == "not_my_customer" and (i.file, i.sheet, i.row, i.column) in hinted)
    ]


def check_products(frame: pd.DataFrame, sheet: str, products: frozenset[str]) -> list[Issue]:
    if sheet not in PRODUCT_TABLES or "product_id" not in frame.columns:
        return []
    ids = ids_text(frame["product_id"])
    unknown = ids.notna() & (ids != "") & ~ids.isin(products)
    return flag(
        frame,
        unknown,
        code="unknown_product",
        sheet=sheet,
        column="product_id",
        table=SheetName("Products"),
        effect="",
    )


def check_duplicates(frame: pd.DataFrame, sheet: str) -> list[Issue]:
    """A row identical in every typed column to an earlier row: the later copies."""
    columns = user_columns(frame)
    if frame.empty or not columns:
        return []
    within = same_file(frame, columns)
    repeated = frame.duplicated(subset=within, keep="first")
    if not repeated.any():
        return []
    rows = frame[ROW] if ROW in frame.columns else pd.Series(frame.index, index=frame.index)
    first_row = rows.groupby([frame[c] for c in within], dropna=False, sort=False).transform(
        "first"
    )
    return flag(
        frame,
        repeated,
        code="duplicate_row",
        sheet=sheet,
        column=columns[0],
        detail=first_row,
    )


def check_competitor_prices(frame: pd.DataFrame, sheet: str) -> list[Issue]:
    if not {"wholesale_price", "retail_price"} <= set(frame.columns):
        return []
    wholesale = pd.to_numeric(frame["wholesale_price"], errors="coerce")
    retail = pd.to_numeric(frame["retail_price"], errors="coerce")
    return flag(
        frame,
        retail < wholesale,
        code="retail_below_wholesale",
        sheet=sheet,
        column="retail_price",
        detail=wholesale,
    )
