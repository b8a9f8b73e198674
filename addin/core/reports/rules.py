"""Row rules of a rep's report that need the rep's context but no dates.

Whose customer it is, which products exist, rows typed twice, and competitor prices that
contradict each other. Amounts below zero are not checked here: each such column declares
`min=0` in its spec and the reader reports it once (`below_min`). The generic reader has already
checked types and required cells, so blanks are skipped here rather than reported twice.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from addin.core.issues import ROW, Issue
from addin.core.reports.flags import flag, user_columns
from addin.core.reports.unique import ids_text

#: Tables whose product_id must name one of the company's products. Competitors.product
#: is the competitor's product, free text.
PRODUCT_TABLES = ("Forecast", "MarketInspection")


def id_set(ids: Iterable[object]) -> frozenset[str]:
    """Ids as trimmed text, the form `ids_text` compares against."""
    text = ids_text(pd.Series(list(ids), dtype="object")).dropna()
    return frozenset(text.tolist())


def check_customers(frame: pd.DataFrame, sheet: str, customers: frozenset[str]) -> list[Issue]:
    if "customer_id" not in frame.columns:
        return []
    ids = ids_text(frame["customer_id"])
    foreign = ids.notna() & (ids != "") & ~ids.isin(customers)
    return flag(
        frame,
        foreign,
        code="not_my_customer",
        sheet=sheet,
        column="customer_id",
        message="customer {value} is not one of your customers",
    )


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
        message="product {value} is not an active product",
    )


def check_duplicates(frame: pd.DataFrame, sheet: str) -> list[Issue]:
    """A row identical in every typed column to an earlier row: the later copies."""
    columns = user_columns(frame)
    if frame.empty or not columns:
        return []
    repeated = frame.duplicated(subset=columns, keep="first")
    if not repeated.any():
        return []
    rows = frame[ROW] if ROW in frame.columns else pd.Series(frame.index, index=frame.index)
    first_row = rows.groupby([frame[c] for c in columns], dropna=False, sort=False).transform(
        "first"
    )
    return flag(
        frame,
        repeated,
        code="duplicate_row",
        sheet=sheet,
        column=columns[0],
        message="this row repeats row {detail} exactly",
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
        message="retail price {value} is below the wholesale price {detail}",
        severity="warning",
        detail=wholesale,
    )
