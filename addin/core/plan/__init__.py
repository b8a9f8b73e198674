"""The sales-plan split: company targets → month × rep × customer × product targets.

Pure functions over DataFrames (no I/O). The job reads plan.xlsx and the masters, calls
`history_cube` then `split_targets`, and writes `SplitResult` out.

Algorithm
---------
1. **History** (`history_cube`). Last year's SalesLines and Payments per month ×
   customer × product; payments are spread over the customer's products by that month's
   sales mix. Every row is re-keyed by the customer's CURRENT card (rep, region,
   channel, settlement), so history follows a customer to its new rep. Closed or
   dormant customers, customers of reps who left before the plan year and
   discontinued products keep their history (TargetCheck shows it as `no_target`) but
   get no cells.

2. **Cells and seeds** (`profile`). Every eligible customer × product pair with
   positive history, × 12 months: the finest grain the history supports (rep, region,
   channel and settlement follow from the customer). A cell's seed is the pair's annual
   history × a month profile × the share of the month its rep is employed — NOT last
   year's invoice month (a lumpy order pattern would leave a rep months without a
   target). The profile is the customer's own pattern if it bought in at least
   `own_pattern_min_months` months, else a Seasonality profile of its region / product
   category, else the company's. Customers that started last year are annualised;
   collections use the sales profile shifted by payment terms. Locks on members without
   history add cells of their own (see `locks`).

3. **Margins.** Each requirement is a *margin*: a partition of the cells with a target
   per class — the company total; Seasonality (each month's weight share); each Growth
   dimension (a member with a row gets last_year × (1 + g%), the members without one
   share the rest); and each group of nested locks (see `lockgroups`).

4. **IPF** (`ipf`). Why IPF: several roll-ups are fixed at once (months AND regions AND
   locks) and the cube must meet all of them while staying as close as possible to
   history's shape. Iterative proportional fitting rescales the classes of each margin
   in turn; it converges to the table nearest to the history (minimum KL divergence)
   that meets every margin, keeps zeros at zero and never goes negative. Each pass is
   a few `bincount`s over the cells, so a million cells fit in a second or two. If the
   margins contradict each other the fit stalls; the classes it misses become
   `ipf_not_converged` issues naming the Growth/Seasonality rows, and the locks win.

5. **Locks.** A lock fixes the sum of the cells matching its filled keys. Locks that
   nest (a customer inside its rep) form trees; the cells' "atoms" (the smallest lock
   covering each cell, or the rest of the company) get integer targets = lock value −
   its child locks, which is where conflicts show (children above parent, locks above
   the total). Each tree is one IPF margin.

6. **Rounding** (`controlled`, `cube_round`, `rounding`), in whole rounding units
   (int64, so no float drift). A company target or lock that is not a multiple of
   `Settings.rounding_unit` is rounded first (warning). Then, when every lock is by
   pair keys (rep, customer, product, region) or by month alone, rounding is
   *controlled*: pair totals come from one max-flow over two trees at once (lock atom →
   region → rep → customer, and product → lock atom), so every region, rep, customer,
   product and pair is its fitted total rounded down or up and every lock atom is exact;
   then each pair's months are rounded with month totals by largest remainder (inside
   month locks), every cell its fitted value rounded down or up. Rounding down the
   customer tree alone let product totals drift by two to four units: a product's pairs
   lie in many customers, each rounded on its own. Where the bounds cannot all be met
   (a fit that did not converge) the older path is used: nested largest remainder down
   the hierarchy, and a pair × month table rounding after a refit. Locks that mix a
   month with other keys are rounded inside their atoms. Every lock and the company
   total come out exact (three mutually crossing kinds of lock together with a
   month-and-key lock may miss by a unit or two: `lock_not_kept` names them). Ties go to
   the earlier cell in key order (month, region, rep, customer, product), so a plan is
   reproducible. Roll-ups are plain group sums of the rounded cube, hence exact at
   every level by construction.

7. **TargetCheck and budgets** (`check`, `explain`, `outliers`, `budget`) are computed
   from the rounded cube: names, parent regions rolled up, flags in words, where each
   member's growth came from, and targets far from history as located warnings.
"""

from addin.core.plan.budget import expense_budgets
from addin.core.plan.check import target_check
from addin.core.plan.history import History, history_cube
from addin.core.plan.ipf import Margin, ipf_fit
from addin.core.plan.rounding import largest_remainder, round_table
from addin.core.plan.split import SplitResult, split_targets

__all__ = [
    "History",
    "Margin",
    "SplitResult",
    "expense_budgets",
    "history_cube",
    "ipf_fit",
    "largest_remainder",
    "round_table",
    "split_targets",
    "target_check",
]
