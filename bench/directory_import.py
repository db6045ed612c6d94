"""Import of 50,000 therapists with 1-3 locations each (target: under 2 minutes).

As in production, with django_tasks_db's database task backend: the change feed's refresh of
the imported listings is queued for `db_worker`, not done inside the import. Its cost is timed
on its own after the imports (the queued tasks run here, one after another, as a worker would).

Reference measured in the same run: reading and parsing the same CSV with the csv module
alone, so the ratio says how much the checks and the database writes cost on top. On SQLite
the CPU time of this process (which holds the database too) is given beside each wall time,
with the ratio in CPU time: a busy machine moves it far less than wall time.
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


def clocked(fn):
    """fn()'s result, wall seconds and CPU seconds (time.process_time)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start, time.process_time() - start_cpu


def run_queued_tasks():
    """Run what the imports queued, as `db_worker` would: how many tasks there were."""
    from django.core.management import call_command
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.count()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        call_command("db_worker", batch=True, interval=0, verbosity=0)
    return queued


def main():
    args = parse_args(lambda p: p.add_argument("--therapists", type=int, default=50_000))
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.db import connection
    from django.test import override_settings

    from bench.directory_data import write_csv
    from directory.importer import import_directory, read_csv
    from directory.models import Location, Therapist

    path = os.path.join(tempfile.mkdtemp(prefix="fascia-dir-"), "directory.csv")
    rows = write_csv(path, args.therapists)

    def parse():
        with open(path, newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))

    parsed, parse_seconds, parse_cpu = clocked(parse)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        first, import_seconds, import_cpu = clocked(lambda: import_directory(read_csv(path)))
        second, reimport_seconds, reimport_cpu = clocked(lambda: import_directory(read_csv(path)))
    queued, worker_seconds, _ = clocked(run_queued_tasks)
    cpu_too = connection.vendor == "sqlite"  # PostgreSQL's work is in another process

    def cpu(seconds, reference=None):
        if not cpu_too:
            return ""
        ratio = f", {seconds / reference:.0f}x reference" if reference else ""
        return f" (CPU {seconds:.2f} s{ratio})"

    report(
        f"directory import, {args.database}: {args.therapists:,} therapists, {rows:,} rows",
        [
            ("csv parse only (reference)", f"{parse_seconds:.2f} s{cpu(parse_cpu)}",
             f"{parsed:,} rows"),
            ("first import", f"{import_seconds:.1f} s{cpu(import_cpu, parse_cpu)}",
             f"{import_seconds / parse_seconds:.0f}x reference; target < {TARGET_SECONDS} s: "
             f"{'met' if import_seconds < TARGET_SECONDS else 'MISSED'}"),
            ("re-import (updates)", f"{reimport_seconds:.1f} s{cpu(reimport_cpu)}",
             f"{second.therapists_updated:,} updated, {second.therapists_created} created"),
            ("feed refresh the imports queued (db_worker's work)", f"{worker_seconds:.1f} s",
             f"{queued} tasks"),
            ("stored", f"{Therapist.objects.count():,} therapists",
             f"{Location.objects.count():,} locations, {len(first.errors)} row errors, "
             f"{Therapist.objects.public().count():,} public"),
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
