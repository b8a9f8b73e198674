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
from addin.schema.names import ValueName

#: measure → the Strategy column that holds its goal
GOAL_COLUMNS = {"sales": "sales_goal", "collections": "collection_goal"}


def goals_without_target(strategy: pd.DataFrame | None, members: Members) -> list[Issue]:
    """One warning per plan-year goal (> 0) on the card of a customer the split gives
    no target, located on that goal's cell."""
    if strategy is None or strategy.empty or not {"customer_id", "year"} <= set(strategy.columns):
        return []
    year = pd.to_numeric(strategy["year"], errors="coerce")
    cards = strategy[year == members.year]
    customers = members.customers
    issues: list[Issue] = []
    for _, card in cards.iterrows():
        customer = str(card["customer_id"]).strip()
        if customer not in customers.index or not customers.at[customer, "reason"]:
            continue
        name = str(customers.at[customer, "name"] or "")
        who = f"{customer} ({name})" if name else customer
        for measure, column in GOAL_COLUMNS.items():
            goal = pd.to_numeric(card[column], errors="coerce") if column in card.index else None
            if goal is None or pd.isna(goal) or goal <= 0:
                continue
            issues.append(
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
                )
            )
    return issues
