"""The deterministic synthetic demo company: masters, two years of sales and payments,
and filled rep reports for the demo cycle. Pure: returns DataFrames, writes no files."""

from addin.demo.company import DemoCompany, generate_company
from addin.demo.planted import Planted
from addin.demo.reports import (
    QUALITIES,
    Quality,
    RepReport,
    demo_report_quality,
    demo_route,
    fill_month_reports,
    fill_rep_reports,
)
from addin.demo.route import weekly_route
from addin.demo.sizes import SIZES, SizeName

__all__ = [
    "QUALITIES",
    "SIZES",
    "DemoCompany",
    "Planted",
    "Quality",
    "RepReport",
    "SizeName",
    "demo_report_quality",
    "demo_route",
    "fill_month_reports",
    "fill_rep_reports",
    "generate_company",
    "weekly_route",
]
