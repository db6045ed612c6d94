"""Shared set-up for the benchmark scripts.

Each script benchmarks one database per process (Django is configured once per process), so
`for_each_database()` re-runs the calling script with `--database sqlite` and, when it answers,
`--database postgres`, each against a throwaway database, and the script prints its own figures.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# One throwaway database per script, so two benchmarks never drop each other's data.
BENCH_PG_NAME = "fascia_bench_" + "".join(
    c if c.isalnum() else "_" for c in Path(sys.argv[0]).stem.lower()
)


def postgres_answers(host="127.0.0.1", port=5432):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def parse_args(extra=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    if extra:
        extra(parser)
    return parser.parse_args()


def for_each_database(args):
    """Called with --database both: run this script once per database. Returns True if it did."""
    if args.database != "both":
        return False
    databases = ["sqlite"] + (["postgres"] if postgres_answers() else [])
    if "postgres" not in databases:
        print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only.")
    passthrough, args_left = [], iter(sys.argv[1:])
    for arg in args_left:
        if arg == "--database":
            next(args_left, None)  # its value ("--database both") goes too
        elif not arg.startswith("--database="):
            passthrough.append(arg)
    for database in databases:
        subprocess.run(
            [sys.executable, sys.argv[0], "--database", database, *passthrough],
            check=True,
            cwd=ROOT,
        )
    return True


def setup_django(database):
    """Point Django at a fresh, migrated, throwaway database and set it up."""
    sys.path.insert(0, str(ROOT))
    if database == "postgres":
        _recreate_postgres_database()
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_PG_NAME}"
    else:
        tmp = tempfile.mkdtemp(prefix="fascia-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("MEDIA_ROOT", f"{tmp}/media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _recreate_postgres_database():
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_PG_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_PG_NAME}")


def timed(fn, repeat=21, warmup=2):
    """Median and p95 wall time of fn() in milliseconds."""
    wall = sorted(samples(fn, repeat, warmup)[0])
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    return statistics.median(wall), p95


def samples(fn, repeat=21, warmup=2):
    """Wall and CPU times of each of `repeat` calls of fn(), in milliseconds: (wall, cpu).

    CPU time is this process's (time.process_time): on a shared, busy machine it moves far less
    than wall time, since waiting for a core is not counted. On SQLite it covers the whole
    request, database included; on PostgreSQL it leaves out the server's side."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def report(title, rows):
    """Print a small aligned table: rows are (label, value) or (label, value, note)."""
    print(f"\n== {title} ==")
    width = max(len(str(row[0])) for row in rows)
    for row in rows:
        print(f"  {str(row[0]).ljust(width)}  {' '.join(str(cell) for cell in row[1:])}")
