"""How a SalesDesk process asks for memory: in small pages, unless the user says otherwise.

On Linux NumPy asks the kernel for 2 MB "huge" pages (madvise MADV_HUGEPAGE) for every
array of 4 MB or more. A job's arrays of that size — a million codes, days or cents —
mostly live a few milliseconds, and each huge page is zeroed whole (on a virtual
machine often backed anew by the host) the first time it is touched. Measured on the
large demo (1M sales lines), four runs each alternating: `age` 3.02–3.35 → 2.82–3.05 s
wall, `appraise` 4.64–5.35 → 4.50–4.98 s, `dashboard` 8.09–9.06 → 7.93–8.69 s; the
kernel's time down by a third or more and user time the same, so the big pages bought
nothing back. A NUMPY_MADVISE_HUGEPAGE the user set is left to rule. Elsewhere than
Linux NumPy makes no such request, and this changes nothing.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable


def use_small_pages() -> None:
    """Turn NumPy's huge-page requests off for this process (see the module)."""
    if os.environ.get("NUMPY_MADVISE_HUGEPAGE") is not None:
        return
    switch = _numpy_switch()
    if switch is not None:
        switch(False)


def _numpy_switch() -> Callable[[bool], bool] | None:
    """NumPy's own switch, the one its import sets from NUMPY_MADVISE_HUGEPAGE (in
    `numpy._core` from NumPy 2, `numpy.core` before); None in a NumPy without it."""
    for module in ("numpy._core.multiarray", "numpy.core.multiarray"):
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        switch: Callable[[bool], bool] | None = getattr(found, "_set_madvise_hugepage", None)
        return switch
    return None
