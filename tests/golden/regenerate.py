"""Rebuild the demo company and write its output tables as the new goldens."""

from __future__ import annotations

import tempfile
from pathlib import Path

from addin.jobs.demo_cycle import run_demo
from tests.golden.compare import GOLDEN, golden_path, output_table


def main() -> None:
    root = Path(tempfile.mkdtemp()) / "co"
    run_demo(root)
    for stem, names in GOLDEN.items():
        for name in names:
            path = golden_path(stem, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            output_table(root / f"{stem}.xlsx", name).to_csv(path, index=False)
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
