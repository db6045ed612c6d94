"""Import of 50,000 therapists with 1-3 locations each (target: under 2 minutes).

Reference measured in the same run: reading and parsing the same CSV with the csv module
alone, so the ratio says how much the checks and the database writes cost on top.
"""

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.common  # noqa: E402
from bench.common import for_each_database, parse_args, report, setup_django  # noqa: E402

# Our own throwaway PostgreSQL database, so other apps' benchmarks running at the same time
# don't drop it under us.
bench.common.BENCH_PG_NAME = "fascia_bench_directory"

TARGET_SECONDS = 120


def main():
    args = parse_args(lambda p: p.add_argument("--therapists", type=int, default=50_000))
    if for_each_database(args):
        return
    setup_django(args.database)
    from bench.directory_data import write_csv
    from directory.importer import import_directory, read_csv
    from directory.models import Location, Therapist

    path = os.path.join(tempfile.mkdtemp(prefix="fascia-dir-"), "directory.csv")
    rows = write_csv(path, args.therapists)

    start = time.perf_counter()
    with open(path, newline="") as handle:
        parsed = sum(1 for _ in csv.DictReader(handle))
    parse_seconds = time.perf_counter() - start

    start = time.perf_counter()
    first = import_directory(read_csv(path))
    import_seconds = time.perf_counter() - start

    start = time.perf_counter()
    second = import_directory(read_csv(path))
    reimport_seconds = time.perf_counter() - start

    report(
        f"directory import, {args.database}: {args.therapists:,} therapists, {rows:,} rows",
        [
            ("csv parse only (reference)", f"{parse_seconds:.2f} s", f"{parsed:,} rows"),
            ("first import", f"{import_seconds:.1f} s",
             f"{import_seconds / parse_seconds:.0f}x reference; target < {TARGET_SECONDS} s: "
             f"{'met' if import_seconds < TARGET_SECONDS else 'MISSED'}"),
            ("re-import (updates)", f"{reimport_seconds:.1f} s",
             f"{second.therapists_updated:,} updated, {second.therapists_created} created"),
            ("stored", f"{Therapist.objects.count():,} therapists",
             f"{Location.objects.count():,} locations, {len(first.errors)} row errors, "
             f"{Therapist.objects.public().count():,} public"),
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
