"""Run submissions in a separate process: `python worker.py URL JOBS_JSON [GATE_DIR]`.

Prints one JSON list of {"hash", "outcome", "id"} on stdout. With GATE_DIR it writes
`ready-<pid>` there and waits for a `go` file, so several workers start at the same time.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from addin.io.ledger import Ledger
from tests.ledger.data import job_hash, submit_job


def main(url: str, jobs_json: str, gate: str = "") -> None:
    jobs = json.loads(jobs_json)
    if gate:
        (Path(gate) / f"ready-{os.getpid()}").touch()
        deadline = time.monotonic() + 60
        while not (Path(gate) / "go").exists():
            if time.monotonic() > deadline:
                raise SystemExit("worker: no go signal within 60 s")
            time.sleep(0.005)
    out = []
    with Ledger.open(url) as ledger:
        for spec in jobs:
            result = submit_job(ledger, spec)
            out.append(
                {"hash": job_hash(spec), "outcome": result.outcome, "id": result.submission_id}
            )
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
