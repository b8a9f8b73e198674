"""The manager's dashboard: customer review cards, ABC classes, new and lost customers,
pacing against the plan, warnings, market information and the customer card's data.

Pure: DataFrames in, DataFrames and `Issue` lists out. Entry point: `build_dashboard`.
"""

from addin.core.dashboard.abc import abc_classes
from addin.core.dashboard.build import (
    DashboardInputs,
    DashboardResult,
    build_dashboard,
    latest_day,
    review_window,
)
from addin.core.dashboard.customers import customer_moves
from addin.core.dashboard.frames import Window
from addin.core.dashboard.intel import market_intel
from addin.core.dashboard.pacing import pacing
from addin.core.dashboard.review import customer_review
from addin.core.dashboard.warnings import WARNING_COLUMNS

__all__ = [
    "WARNING_COLUMNS",
    "DashboardInputs",
    "DashboardResult",
    "Window",
    "abc_classes",
    "build_dashboard",
    "customer_moves",
    "customer_review",
    "latest_day",
    "market_intel",
    "pacing",
    "review_window",
]
