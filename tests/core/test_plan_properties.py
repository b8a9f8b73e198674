"""Property tests of the split on random small companies: exact sums at every level, no
negatives, whole rounding units, locks kept, budgets consistent, same result twice."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.core.issues import ROW
from addin.core.plan import history_cube, split_targets
from addin.core.plan.rollups import ROLLUPS
from addin.core.plan.split import SplitResult
from addin.core.settings import Settings

YEAR = 2026
KEYS = ["rep_id", "customer_id", "product_id", "region_id", "month"]


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    frame[ROW] = np.arange(2, len(frame) + 2)
    return frame


@st.composite
def companies(draw: st.DrawFn) -> dict[str, object]:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_reps, n_cust, n_prod = (
        draw(st.integers(1, 3)),
        draw(st.integers(1, 6)),
        draw(st.integers(1, 3)),
    )
    reps = pd.DataFrame(
        {
            "rep_id": [f"R{i}" for i in range(n_reps)],
            "name": "Rep",
            "region_id": [f"G{i % 2}" for i in range(n_reps)],
            "leave_date": pd.NaT,
        }
    )
    rep_of = rng.integers(0, n_reps, n_cust)
    status = np.where(rng.random(n_cust) < 0.15, "closed", "active")
    status[0] = "active"
    customers = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(n_cust)],
            "name": "Shop",
            "rep_id": reps["rep_id"].to_numpy()[rep_of],
            "region_id": reps["region_id"].to_numpy()[rep_of],
            "channel": rng.choice(["online", "direct"], n_cust),
            "settlement_method": rng.choice(["cash", "credit"], n_cust),
            "status": status,
        }
    )
    products = pd.DataFrame({"product_id": [f"P{i}" for i in range(n_prod)], "name": "Item"})
    lines = []
    for c in range(n_cust):
        for p in rng.choice(n_prod, size=rng.integers(1, n_prod + 1), replace=False):
            months = rng.choice(12, size=rng.integers(1, 13), replace=False) + 1
            lines += [(f"C{c}", f"P{p}", m, float(rng.integers(1, 1000))) for m in months]
    sales = pd.DataFrame(lines, columns=["customer_id", "product_id", "month", "amount"])
    sales["date"] = pd.to_datetime({"year": YEAR - 1, "month": sales.pop("month"), "day": 5})
    sales["rep_id"] = "R0"
    pays = sales[["customer_id", "date", "amount"]].sample(frac=0.7, random_state=1)
    pays = pays.assign(amount=pays["amount"] * rng.uniform(0.3, 1.5, len(pays)))
    unit = draw(st.sampled_from([1.0, 10.0, 100.0]))
    plan: dict[str, object] = {
        "masters": {
            "reps": _rows(reps),
            "customers": _rows(customers),
            "products": _rows(products),
        },
        "history": history_cube(
            _rows(sales), _rows(pays.reset_index(drop=True)), customers, reps, products, YEAR
        ),
        "targets": _rows(
            pd.DataFrame(
                {
                    "measure": ["sales", "collections"],
                    "annual_target": [
                        draw(st.integers(0, 10**6)) * draw(st.sampled_from([1, 7, 100])),
                        draw(st.integers(0, 10**6)) * 3,
                    ],
                }
            )
        ),
        "settings": Settings(
            year=YEAR, rounding_unit=unit, expense_ratio_pct=draw(st.sampled_from([0.0, 3.0, 7.5]))
        ),
        "seasonality": None,
        "growth": None,
    }
    if draw(st.booleans()):
        plan["seasonality"] = _rows(
            pd.DataFrame(
                {
                    "month": [f"{YEAR}-{m:02d}" for m in range(1, 13)],
                    "weight": rng.uniform(0.2, 3, 12),
                }
            )
        )
    if draw(st.booleans()):
        plan["growth"] = _rows(
            pd.DataFrame(
                {
                    "dimension": "region",
                    "member": ["G0"],
                    "growth_pct": [draw(st.integers(-30, 60))],
                }
            )
        )
    plan["lock_kinds"] = draw(
        st.sampled_from(
            [
                [("customer_id",), ("rep_id",), ("month",), ("customer_id", "month")],
                [("customer_id",), ("rep_id",), ("product_id",), ("month",)],
                [("region_id",), ("product_id", "month")],
            ]
        )
    )
    plan["lock_seed"] = draw(st.integers(0, 2**32 - 1))
    return plan


def _split(plan: dict, locks: pd.DataFrame | None = None) -> SplitResult:
    m = plan["masters"]
    return split_targets(
        plan["history"],
        plan["targets"],
        customers=m["customers"],
        reps=m["reps"],
        products=m["products"],
        seasonality=plan["seasonality"],
        growth=plan["growth"],
        locks=locks,
        settings=plan["settings"],
    )


def _units(values: pd.Series, unit: float) -> pd.Series:
    whole = np.rint(values / unit)
    assert np.allclose(whole * unit, values), "not a multiple of the rounding unit"
    return whole.astype("int64")


def _locks_from(result: SplitResult, plan: dict) -> pd.DataFrame:
    """Locks any split could meet: sums of an actual plan over random slices."""
    rng = np.random.default_rng(plan["lock_seed"])
    cube = result.cube.assign(month=result.cube["month"])
    rows = []
    for keys in plan["lock_kinds"]:
        slices = cube[list(keys)].drop_duplicates()
        for _, key in slices.sample(
            min(len(slices), 2), random_state=int(rng.integers(10**9))
        ).iterrows():
            hit = (cube[list(keys)] == key.to_numpy()).all(axis=1)
            measure = str(rng.choice(["sales", "collections"]))
            column = "sales_target" if measure == "sales" else "collection_target"
            rows.append(
                {
                    **{k: key.get(k, "") for k in KEYS},
                    "measure": measure,
                    "amount": cube.loc[hit, column].sum(),
                }
            )
    frame = pd.DataFrame(rows, columns=[*KEYS, "measure", "amount"]).fillna("")
    frame = frame.drop_duplicates([*KEYS, "measure"])
    return _rows(frame.reset_index(drop=True))


def _check_sums(result: SplitResult, plan: dict) -> None:
    unit = plan["settings"].rounding_unit
    cube = result.cube
    assert (cube[["sales_target", "collection_target"]] >= 0).all().all()
    for col, measure in (("sales_target", 0), ("collection_target", 1)):
        raw = plan["targets"]["annual_target"].iloc[measure]
        total = int(np.floor(raw / unit + 0.5 + 1e-9))
        cells = _units(cube[col], unit)
        if result.grid is not None and result.grid.size:
            assert cells.sum() == total
        for table, (key, _, _) in ROLLUPS.items():
            rollup = result.rollups[table].set_index(key)[col]
            expected = cells.groupby(cube[key]).sum()
            expected = expected.reindex(rollup.index, fill_value=0)
            assert (_units(rollup, unit) == expected).all(), table
            assert _units(rollup, unit).sum() == cells.sum(), table
    budgets = result.budgets
    ratio = plan["settings"].expense_ratio_pct / 100
    sales_by_rep = _units(cube["sales_target"], unit).groupby(cube["rep_id"]).sum()
    for rep, group in budgets.groupby("rep_id"):
        assert len(group) == 12
        months = _units(group["expense_budget"], unit)
        assert (months >= 0).all()
        assert months.sum() == int(np.floor(sales_by_rep.get(rep, 0) * ratio + 0.5 + 1e-9))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(companies())
def test_split_is_exact_and_keeps_locks(plan: dict) -> None:
    free = _split(plan)
    _check_sums(free, plan)
    locks = _locks_from(free, plan)
    locked = _split(plan, locks)
    _check_sums(locked, plan)
    assert not [i for i in locked.issues if i.code.startswith("lock")], locked.issues
    cube = locked.cube
    for _, lock in locks.iterrows():
        hit = np.ones(len(cube), dtype=bool)
        for key in KEYS:
            if lock[key] != "":
                hit &= (cube[key] == lock[key]).to_numpy()
        column = "sales_target" if lock["measure"] == "sales" else "collection_target"
        assert cube.loc[hit, column].sum() == lock["amount"], lock.to_dict()
    again = _split(plan, locks)
    pd.testing.assert_frame_equal(locked.cube, again.cube)
    pd.testing.assert_frame_equal(locked.check, again.check)
