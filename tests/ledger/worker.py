"""Run submissions in a separate process: `python worker.py URL JOBS_JSON [GATE_DIR]`.

Prints one JSON list of {"hash", "outcome", "id"} on stdout. With GATE_DIR it writes
`ready-<pid>` there and waits for a `go` file, so several workers start at the same time.
With `SALESDESK_TEST_BATCH=1` the jobs go in one `Ledger.batch()`, as collect sends
them; `SALESDESK_TEST_CRASH_LAST=point` arms that crash point for the last job only.
"""

from __future__ import annotations

import contextlib
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
    crash_last = os.environ.get("SALESDESK_TEST_CRASH_LAST", "")
    with Ledger.open(url) as ledger, contextlib.ExitStack() as stack:
        sender = (
            stack.enter_context(ledger.batch())
            if os.environ.get("SALESDESK_TEST_BATCH")
            else ledger
        )
        for n, spec in enumerate(jobs):
            if crash_last and n == len(jobs) - 1:
                os.environ["SALESDESK_CRASH_AT"] = crash_last
            result = submit_job(sender, spec)  # type: ignore[arg-type]
            out.append(
                {"hash": job_hash(spec), "outcome": result.outcome, "id": result.submission_id}
            )
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
