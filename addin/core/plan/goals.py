"""Strategy-card goals the split cannot honour, said where the manager typed them.

The strategy card (masters.xlsx `Strategy`) holds a customer's goals for a year; the
split gives no target to a customer who is closed, dormant or whose rep has left. A
goal on such a card would otherwise vanish without a word: the manager who typed
1,291,000 for a dormant customer would find it in no target and no total.
"""

from __future__ import annotations

import pandas as pd

from addin.core.issues import ROW, Issue, amount
from addin.core.plan.members import Members
from addin.i18n import Msg
from addin.schema.names import Named, ValueName

#: measure → the Strategy column that holds its goal
GOAL_COLUMNS = {"sales": "sales_goal", "collections": "collection_goal"}
#: Goals named one by one per measure (the largest); the rest are counted in one warning.
MAX_PER_MEASURE = 20


def goals_without_target(strategy: pd.DataFrame | None, members: Members) -> list[Issue]:
    """One warning per plan-year goal (> 0) on the card of a customer the split gives
    no target, located on that goal's cell."""
    if strategy is None or strategy.empty or not {"customer_id", "year"} <= set(strategy.columns):
        return []
    year = pd.to_numeric(strategy["year"], errors="coerce")
    customers = members.customers
    # Only the cards of customers without a target are looked at one by one.
    ids = strategy["customer_id"].astype(str).str.strip()
    reason = customers["reason"].reindex(ids.to_numpy()).fillna("").to_numpy()
    cards = strategy[(year == members.year).to_numpy() & (reason != "")]
    found: dict[str, list[tuple[float, Issue]]] = {m: [] for m in GOAL_COLUMNS}
    for _, card in cards.iterrows():
        customer = str(card["customer_id"]).strip()  # one of the customers without a target
        name = str(customers.at[customer, "name"] or "")
        who = Named(customer, name)
        for measure, column in GOAL_COLUMNS.items():
            goal = pd.to_numeric(card[column], errors="coerce") if column in card.index else None
            if goal is None or pd.isna(goal) or goal <= 0:
                continue
            found[measure].append(
                (
                    -float(goal),
                    Issue(
                        code="goal_without_target",
                        args={
                            "customer": who,
                            "year": members.year,
                            "measure": ValueName(measure),
                            "goal": amount(goal),
                            "reason": Msg("plan.words." + str(customers.at[customer, "reason"])),
                        },
                        sheet="Strategy",
                        row=int(card[ROW]) if ROW in cards.columns else None,
                        column=column,
                        value=amount(goal),
                    ),
                )
            )
    issues: list[Issue] = []
    for measure, listed in found.items():
        listed.sort(key=lambda item: (item[0], item[1].row or 0))
        issues += [issue for _, issue in listed[:MAX_PER_MEASURE]]
        if len(listed) > MAX_PER_MEASURE:  # the largest goals by name, the rest counted
            issues.append(
                Issue(
                    code="goal_without_target_more",
                    args={"count": len(listed) - MAX_PER_MEASURE, "measure": ValueName(measure)},
                    sheet="Strategy",
                    column=GOAL_COLUMNS[measure],
                )
            )
    return issues
