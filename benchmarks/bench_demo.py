"""Time and peak memory of the demo generator, per size.

    .venv/bin/python benchmarks/bench_demo.py [small] [medium] [large]

Each size runs in a fresh child process, so its peak resident memory (ru_maxrss) is its
own; "base" is the child's memory after the imports, before generating anything.
Reports: every employed rep of the cut-off month for small and medium; for large a sample
of reps (the time per rep is printed, so the whole month can be extrapolated).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

REPORT_SAMPLE = {"small": None, "medium": None, "large": 50}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def child(size: str) -> dict[str, object]:
    from addin.demo import demo_report_quality, fill_month_reports, generate_company

    base = _rss_mib()
    start = time.perf_counter()
    company = generate_company(size)  # type: ignore[arg-type]
    generate_s = time.perf_counter() - start
    peak_generate = _rss_mib()

    quality = demo_report_quality(company.reps, company.period, company.seed)
    sample = REPORT_SAMPLE[size]
    if sample is not None:
        quality = dict(list(quality.items())[:sample])
    start = time.perf_counter()
    reports = fill_month_reports(company, company.period, quality)
    report_s = time.perf_counter() - start
    return {
        "size": size,
        "regions": len(company.regions),
        "reps": len(company.reps),
        "customers": len(company.customers),
        "products": len(company.products),
        "sales_lines": len(company.sales_lines),
        "payments": len(company.payments),
        "generate_s": round(generate_s, 2),
        "base_mib": round(base),
        "peak_generate_mib": round(peak_generate),
        "reports": len(reports),
        "daily_rows": sum(len(r.tables.get("DailyReport", ())) for r in reports.values()),
        "reports_s": round(report_s, 2),
        "ms_per_report": round(1000 * report_s / max(len(reports), 1), 1),
        "peak_total_mib": round(_rss_mib()),
    }


def main(sizes: list[str]) -> None:
    head = f"{'size':<7}{'reps':>6}{'customers':>10}{'products':>9}{'lines':>10}{'payments':>9}"
    print(
        head + f"{'gen s':>7}{'base MiB':>9}{'peak MiB':>9}{'reports':>8}{'rep s':>7}{'ms/rep':>8}"
    )
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", size],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['size']:<7}{r['reps']:>6}{r['customers']:>10,}{r['products']:>9,}"
            f"{r['sales_lines']:>10,}{r['payments']:>9,}{r['generate_s']:>7}"
            f"{r['base_mib']:>9}{r['peak_generate_mib']:>9}{r['reports']:>8}"
            f"{r['reports_s']:>7}{r['ms_per_report']:>8}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
    else:
        main(sys.argv[1:] or ["small", "medium", "large"])
