"""The feed layer's targets (issue #11, docs/api.md), measured against references in the same run.

On each database, in a throwaway database, with the data built in bulk and materialised with
`manage.py rebuild_feeds` (its time is printed):

1. Full sync of 2,000 routines (with body areas and conditions) through /api/v1/changes
   (limit 500) and through /api/v1/feeds/education.json (limit 100), each following next_url to
   the end, against paging Wagtail's API v2 over the same pages
   (/api/wagtail/v2/pages/?type=education.SelfCareRoutinePage&fields=*&limit=100&offset=N).
   Server time: the requests alone, through django.test.Client in this process (parsing the
   answers for the next URL is left out). Target: ours at least 20 times less.
2. Queries per feed page (limit 1, 20, 100) and per changes page (limit 1, 20, 100, 500), the
   first page and the next one (a cursor): target at most 4.
3. A 304 (If-None-Match with the ETag of the previous answer) and a 200 education.json page of
   100 items (no Accept-Encoding), each against a trivial JSON view in the same process
   (bench/feeds_urls.py). Targets: 304 at most 2x, 200 at most 10x. For scale, not targets: a
   bare django-ninja operation (ninja's own cost) and /healthz (a request with one SELECT 1:
   what touching the database at all costs, a pooled connection on PostgreSQL).
4. Full directory sync of 50,000 listings (imported from bench/directory_data.py's CSV with the
   feed's receivers off, then rebuild_feeds) through /api/v1/changes?feed=directory&limit=500,
   against reading the same stored rows page by page with one raw SQL query each and joining
   the bodies, as the endpoint does. Target: at most 2x. Memory: the tracemalloc peak of each
   page, for both, stays flat (first, middle and last page printed).
5. Publishing a routine (a small edit, save_revision().publish() in transaction.atomic, so the
   on-commit work is in) with the immediate task backend and with django_tasks_db's database
   backend, against the same with feeds' receivers taken off their signals. Target: 1.2x.
   Also, within the same publishes with the receivers on, the time spent in feeds/ code (its
   receivers and the on-commit callbacks they register): total / (total - feeds' time) needs
   no comparison between samples, which a busy machine blurs.
A summary table ends each database's run: every target, the measured ratio, PASS or MISS.

Clocks: wall time (time.perf_counter) and this process's CPU time (time.process_time). The
machine is shared and busy, so each figure is a median over rounds in which the measured thing
and its reference alternate; CPU time does not count waiting for a core, so it moves far less
than wall time. On SQLite the CPU time holds the database's work too; on PostgreSQL the
server's work is in another process, so there wall time is the one that counts, and CPU time
is printed for what it shows about Python's share. A verdict is given for each clock.

Anonymous API requests are rate-limited per client address (feeds/throttling.py): each request
here comes from a new address, so the limiter is consulted as in production and never says 429.

Time: on the shared 2-core machine one database's run took 5 to 6 minutes at the default sizes
(December 2026: 307 s on SQLite, 334 s on PostgreSQL), nearly all of it building the data:
importing 50,000 listings (about a minute) and `rebuild_feeds` materialising them (about two),
which the target itself needs. The measuring is kept short for that: 3 rounds of the walks
(the Wagtail walk, 20 pages of fields=*, is the slowest), 5 rounds of the rest.
`--listings 10000` runs in about half the time.
`--profile` prints a cProfile of one run of each missed target (what costs the time).
Usage: .venv/bin/python bench/feeds.py [--database sqlite|postgres|both] [--routines 2000]
[--listings 50000] [--rounds 5] [--sync-rounds 3] [--profile]
"""

import cProfile
import functools
import gc
import io
import itertools
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
import tracemalloc
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import for_each_database, parse_args, report, samples, setup_django  # noqa: E402

SYNC_TARGET = 20.0  # Wagtail's walk / ours, at least
QUERY_TARGET = 4  # queries per page, at most
NOT_MODIFIED_TARGET = 2.0  # 304 / trivial view, at most
PAGE_TARGET = 10.0  # 200 page of 100 / trivial view, at most
DIRECTORY_TARGET = 2.0  # changes walk / raw SQL walk, at most
PUBLISH_TARGET = 1.2  # publish with the feed / without, at most
FLAT = 1.5  # memory is flat when no page's peak passes 1.5 times the median page's

CHANGES_URL = "/api/v1/changes?feed=education&limit={limit}"
FEED_URL = "/api/v1/feeds/education.json?limit={limit}"
WAGTAIL_URL = (
    "/api/wagtail/v2/pages/?type=education.SelfCareRoutinePage&fields=*&limit=100&offset={offset}"
)
DIRECTORY_URL = "/api/v1/changes?feed=directory&limit=500"
RAW_PAGE_SQL = (
    "SELECT seq, kind, uuid, is_deleted, body FROM feeds_feedentry "
    "WHERE seq > %s ORDER BY seq LIMIT %s"
)
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
REPEAT = 21  # calls per round for the cheap requests (section 3)
PUBLISH_REPEAT = 5  # publishes per round and variant (section 5)


def add_arguments(parser):
    parser.add_argument("--routines", type=int, default=2000)
    parser.add_argument("--listings", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sync-rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile each missed target")


# Clocks, requests and the summary ------------------------------------------------------------


def clocked(fn):
    """fn()'s result, wall ms, CPU ms."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000


def measure(runs, rounds, repeat):
    """{name: (median wall ms, median CPU ms)} of each run over all rounds, the runs
    alternating within each round (and their order turning), so a busy moment hits all alike."""
    walls = {name: [] for name in runs}
    cpus = {name: [] for name in runs}
    names = list(runs)
    for number in range(rounds):
        turn = number % len(names)
        for name in names[turn:] + names[:turn]:
            wall, cpu = samples(runs[name], repeat=repeat, warmup=1)
            walls[name] += wall
            cpus[name] += cpu
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in runs}


class Visitor:
    """The test client as an anonymous partner. Each request comes from a new client address:
    the anonymous per-minute limit counts per address, so it is consulted on every request, as
    in production, and never answers 429 to a benchmark that sends thousands."""

    def __init__(self):
        from django.test import Client

        self.client = Client()
        self.count = 0

    def get(self, url, headers=None, expect=200):
        self.count += 1
        n = self.count
        address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        parts = urlsplit(url)  # next_url is absolute (the Site's root URL); the client wants a path
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.get(local, headers=headers, REMOTE_ADDR=address)
        assert response.status_code == expect, (url, response.status_code, response.content[:500])
        return response


@dataclass
class Verdict:
    target: str
    measured: str
    wanted: str
    verdicts: str


class Summary:
    def __init__(self):
        self.rows = []

    def ratio(self, target, ratios, limit, at_least=False):
        """ratios: {clock: ratio}; a verdict per clock."""
        measured = " / ".join(f"{clock} {value:.2f}x" for clock, value in ratios.items())
        verdicts = " / ".join(
            f"{clock} {passes(value, limit, at_least)}" for clock, value in ratios.items()
        )
        sign = ">=" if at_least else "<="
        self.rows.append(Verdict(target, measured, f"{sign} {limit:g}x", verdicts))
        return all(passes(v, limit, at_least) == "PASS" for v in ratios.values())

    def count(self, target, value, limit, unit):
        verdict = "PASS" if value <= limit else "MISS"
        self.rows.append(Verdict(target, f"{value} {unit}", f"<= {limit} {unit}", verdict))
        return verdict == "PASS"

    def flat(self, target, peaks):
        ratio = max(peaks) / statistics.median(peaks)
        verdict = "PASS" if ratio <= FLAT else "MISS"
        self.rows.append(
            Verdict(target, f"max/median page peak {ratio:.2f}", f"<= {FLAT:g}", verdict)
        )
        return verdict == "PASS"

    def print(self, title):
        report(
            title,
            [("target", "| measured", "| wanted", "| verdict")]
            + [
                (row.target, f"| {row.measured}", f"| {row.wanted}", f"| {row.verdicts}")
                for row in self.rows
            ],
        )


def passes(value, limit, at_least):
    ok = value >= limit if at_least else value <= limit
    return "PASS" if ok else "MISS"


def profile(label, fn, lines=25):
    """Print where fn() spends its time (cProfile): our own functions by cumulative time, then
    every function by its own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(PROJECT_CODE, lines)
    stats.sort_stats("tottime").print_stats(lines)
    print(f"\n-- profile: {label} --\n{out.getvalue()}")


PROJECT_CODE = r"/(feeds|education|directory|home|config|videos|search)/[a-z_/]+\.py"


def ms(value):
    wall, cpu = value
    return f"{wall:8.2f} / {cpu:8.2f} ms"


# The feed's receivers ---------------------------------------------------------------------------


def _signals():
    from django.dispatch import Signal

    found = {}
    for module in list(sys.modules.values()):
        for value in list(getattr(module, "__dict__", {}).values()):
            if isinstance(value, Signal):
                found[id(value)] = value
    return list(found.values())


def _is_feed_receiver(entry):
    return getattr(_resolved(entry[1]), "__module__", "").startswith("feeds.")


@contextmanager
def feed_receivers_off():
    """Every receiver from feeds/ (what feeds.signals.connect() connects, whatever it becomes)
    taken off its signal, and put back after."""
    taken = []
    for signal in _signals():
        with signal.lock:
            kept = [entry for entry in signal.receivers if not _is_feed_receiver(entry)]
            if len(kept) < len(signal.receivers):
                taken.append((signal, signal.receivers))
                signal.receivers = kept
                signal.sender_receivers_cache.clear()
    assert taken, "no receiver of feeds/ is connected: nothing to compare with"
    try:
        yield len(taken)
    finally:
        for signal, receivers in taken:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


class FeedClock:
    """Time spent in feeds/ code during a publish: its receivers, and the on-commit callbacks
    they register (the enqueue, or with the immediate backend the whole refresh)."""

    def __init__(self):
        self.wall = self.cpu = 0.0
        self.inside = False

    def timed(self, fn, receiver=False):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            start, start_cpu = time.perf_counter(), time.process_time()
            self.inside = receiver
            try:
                return fn(*args, **kwargs)
            finally:
                self.inside = False
                self.cpu += (time.process_time() - start_cpu) * 1000
                self.wall += (time.perf_counter() - start) * 1000

        return wrapper


@contextmanager
def feed_receivers_clocked(clock):
    """Every receiver from feeds/ timed into `clock`, and so is each on-commit callback one of
    them registers; put back as they were after."""
    from django.db import transaction

    on_commit = transaction.on_commit

    def clocked_on_commit(func, using=None, robust=False):
        if clock.inside:
            func = clock.timed(func)
        return on_commit(func, using=using, robust=robust)

    taken = []
    for signal in _signals():
        with signal.lock:
            if any(_is_feed_receiver(entry) for entry in signal.receivers):
                taken.append((signal, signal.receivers))
                signal.receivers = [
                    (key, clock.timed(_resolved(ref), receiver=True), is_async)
                    if _is_feed_receiver((key, ref, is_async))
                    else (key, ref, is_async)
                    for key, ref, is_async in signal.receivers
                ]
                signal.sender_receivers_cache.clear()
    transaction.on_commit = clocked_on_commit
    try:
        yield
    finally:
        transaction.on_commit = on_commit
        for signal, receivers in taken:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def _resolved(receiver):
    return receiver() if isinstance(receiver, weakref.ReferenceType) else receiver


# Data -------------------------------------------------------------------------------------------


def vacuum():
    """On PostgreSQL, the steady state autovacuum reaches (statistics, visibility map)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def rebuild_feeds(*kinds):
    """Run `manage.py rebuild_feeds`; its last line and the seconds it took."""
    from django.core.management import call_command

    out = io.StringIO()
    _, wall, _ = clocked(lambda: call_command("rebuild_feeds", kind=list(kinds), stdout=out))
    return out.getvalue().strip().splitlines()[-1], wall / 1000


def build_education(count):
    from wagtail.models import Page

    from bench import education_data
    from education.models import RoutineIndexPage

    home = education_data.site()
    areas, conditions = education_data.taxonomy()
    index = Page.objects.get(pk=home.pk).add_child(
        instance=RoutineIndexPage(title="Self-care", slug="self-care")
    )
    _, build_ms, _ = clocked(
        lambda: education_data.bulk_add_routines(index, count, 11, areas, conditions)
    )
    line, seconds = rebuild_feeds("routine", "modality", "guide")
    vacuum()
    return [
        (f"{count} routines built in bulk", f"{build_ms / 1000:.1f} s"),
        ("rebuild_feeds (education)", f"{seconds:.1f} s: {line}"),
    ]


def build_directory(count):
    from bench.directory_data import write_csv
    from directory.importer import import_directory, read_csv

    path = os.path.join(tempfile.mkdtemp(prefix="fascia-bench-feeds-"), "directory.csv")
    write_csv(path, count)
    with feed_receivers_off():  # the feed is built by rebuild_feeds below, and timed alone
        _, import_ms, _ = clocked(lambda: import_directory(read_csv(path)))
    line, seconds = rebuild_feeds("therapist")
    vacuum()
    return [
        (f"{count} listings imported (feed receivers off)", f"{import_ms / 1000:.1f} s"),
        ("rebuild_feeds (directory)", f"{seconds:.1f} s: {line}"),
    ]


# 1. Full sync -----------------------------------------------------------------------------------


@dataclass
class Walk:
    items: int = 0
    pages: int = 0
    wall: float = 0.0
    cpu: float = 0.0


def walk(visitor, url, step, urls=None):
    """Read from url to the end; step(data) -> (items on the page, next URL or None). The
    clocks hold the requests alone, not the parsing of each answer for its next URL. Each URL
    read is added to `urls` when given."""
    done = Walk()
    while url:
        if urls is not None:
            urls.append(url)
        response, wall, cpu = clocked(lambda u=url: visitor.get(u))
        done.wall, done.cpu, done.pages = done.wall + wall, done.cpu + cpu, done.pages + 1
        count, url = step(json.loads(response.content))
        done.items += count
    return done


def changes_step(data):
    return len(data["changes"]), data["next_url"] if data["has_more"] else None


def feed_step(data):
    return len(data["items"]), data.get("next_url")


def wagtail_walk(visitor):
    """Wagtail's pages by offset, as a partner pages them; its answer does not say where it
    is, so the offset rides along in the parsed data."""
    done, offset = Walk(), 0
    while True:
        response, wall, cpu = clocked(lambda o=offset: visitor.get(WAGTAIL_URL.format(offset=o)))
        done.wall, done.cpu, done.pages = done.wall + wall, done.cpu + cpu, done.pages + 1
        data = json.loads(response.content)
        done.items += len(data["items"])
        offset += len(data["items"])
        if not data["items"] or offset >= data["meta"]["total_count"]:
            return done


def alternating(runs, rounds, items):
    """{name: [walk]}: each walk run `rounds` times, starting each round one further along, so
    a busy moment on the shared machine falls on all of them alike; each must read `items`."""
    walks = {name: [] for name in runs}
    names = list(runs)
    for number in range(rounds):
        turn = number % len(names)
        for name in names[turn:] + names[:turn]:
            done = runs[name]()
            assert done.items == items, (name, done.items, items)
            walks[name].append(done)
    return walks


def full_sync(visitor, summary, count, rounds, want_profile):
    runs = {
        "changes, limit 500": lambda urls=None: walk(
            visitor, CHANGES_URL.format(limit=500), changes_step, urls
        ),
        "education.json, limit 100": lambda urls=None: walk(
            visitor, FEED_URL.format(limit=100), feed_step, urls
        ),
        "Wagtail API v2, fields=*, limit 100": lambda: wagtail_walk(visitor),
    }
    for run in list(runs.values())[:2]:
        run()  # warm: imports, the Site, the caches
    visitor.get(WAGTAIL_URL.format(offset=0))
    walks = alternating(runs, rounds, count)
    medians = {
        name: (
            statistics.median(w.wall for w in done),
            statistics.median(w.cpu for w in done),
            done[0].pages,
        )
        for name, done in walks.items()
    }
    wagtail = medians["Wagtail API v2, fields=*, limit 100"]
    rows = []
    for name, (wall, cpu, pages) in medians.items():
        cells = [f"{pages:3d} pages  {wall / 1000:8.3f} / {cpu / 1000:8.3f} s"]
        if name.startswith("Wagtail"):
            cells.append("| reference")
        else:
            ratios = {"wall": wagtail[0] / wall, "CPU": wagtail[1] / cpu}
            cells.append(f"| {ratios['wall']:6.1f}x / {ratios['CPU']:6.1f}x less")
            met = summary.ratio(
                f"1. full sync of {count} routines: Wagtail / {name}",
                ratios,
                SYNC_TARGET,
                at_least=True,
            )
            if not met and want_profile:
                profile_walk(visitor, name, runs[name])
        rows.append((name, *cells))
    return rows


def profile_walk(visitor, label, run):
    """Profile the requests of a walk alone (not the parsing of the answers)."""
    urls = []
    run(urls)
    profile(label, lambda: [visitor.get(url) for url in urls])


# 2. Queries per page ----------------------------------------------------------------------------


def queries_of(visitor, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = visitor.get(url)
    return len(captured), json.loads(response.content)


def query_counts(visitor, summary):
    cases = [
        (f"education.json limit {limit}", FEED_URL.format(limit=limit), feed_step)
        for limit in (1, 20, 100)
    ]
    cases += [
        (
            "education.json limit 100, area=neck",
            FEED_URL.format(limit=100) + "&area=neck",
            feed_step,
        )
    ]
    cases += [
        (f"changes limit {limit}", CHANGES_URL.format(limit=limit), changes_step)
        for limit in (1, 20, 100, 500)
    ]
    rows, worst = [], 0
    for label, url, step in cases:
        visitor.get(url)  # warm
        first, data = queries_of(visitor, url)
        _items, next_url = step(data)
        second = queries_of(visitor, next_url)[0] if next_url else first
        worst = max(worst, first, second)
        rows.append((label, f"first page {first} queries | next page {second} queries"))
    summary.count("2. queries per feed or changes page (worst)", worst, QUERY_TARGET, "queries")
    return rows


# 3. 304 and 200 against a trivial view ----------------------------------------------------------


def http_costs(visitor, summary, rounds, want_profile):
    url = FEED_URL.format(limit=100)
    first = visitor.get(url)
    assert len(json.loads(first.content)["items"]) == 100
    assert "Content-Encoding" not in first, "compressed without Accept-Encoding"
    etag = first["ETag"]
    runs = {
        "trivial JSON view": lambda: visitor.get("/bench-trivial"),
        "bare ninja operation": lambda: visitor.get("/bench-ninja/trivial"),
        "/healthz": lambda: visitor.get("/healthz"),
        "304 (If-None-Match)": lambda: visitor.get(
            url, headers={"if-none-match": etag}, expect=304
        ),
        "200 education.json, 100 items": lambda: visitor.get(url),
    }
    medians = measure(runs, rounds, REPEAT)
    trivial = medians["trivial JSON view"]
    rows = [("trivial JSON view (reference)", ms(trivial))]
    for name, label in (
        ("bare ninja operation", "bare ninja operation (for scale: ninja's own cost)"),
        ("/healthz", "/healthz (for scale: a request with one SELECT 1)"),
    ):
        value = medians[name]
        rows.append(
            (label, ms(value), f"| {value[0] / trivial[0]:5.2f}x / {value[1] / trivial[1]:5.2f}x")
        )
    for name, limit in (
        ("304 (If-None-Match)", NOT_MODIFIED_TARGET),
        ("200 education.json, 100 items", PAGE_TARGET),
    ):
        ratios = {"wall": medians[name][0] / trivial[0], "CPU": medians[name][1] / trivial[1]}
        rows.append((name, ms(medians[name]), f"| {ratios['wall']:5.2f}x / {ratios['CPU']:5.2f}x"))
        if not summary.ratio(f"3. {name} / trivial view", ratios, limit) and want_profile:
            profile(name, lambda r=runs[name]: [r() for _ in range(200)])
    rows.append(("size of the 200", f"{len(first.content) / 1024:.0f} KB uncompressed"))
    return rows


# 4. Directory sync against raw SQL --------------------------------------------------------------


def raw_page(after, limit=500):
    """One page of stored rows by raw SQL, joined as the endpoint joins them:
    (last seq, rows read, text)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_PAGE_SQL, [after, limit])
        rows = cursor.fetchall()
    text = ",".join(row[4] for row in rows)
    return (rows[-1][0] if rows else after), len(rows), text


def raw_walk(start, limit=500):
    """Like walk(), with the same work outside the clocks: each page is parsed, as a client
    parses the endpoint's pages for their next URL. Parsing 3 MB of JSON between two reads
    leaves the next read colder (caches, freed memory); only the endpoint's walk paid that
    before, 0.2x of the ratio (December 2026)."""
    done, after = Walk(), start
    while True:
        (after, count, text), wall, cpu = clocked(lambda a=after: raw_page(a, limit))
        json.loads(f"[{text}]")
        done.wall, done.cpu, done.pages, done.items = (
            done.wall + wall,
            done.cpu + cpu,
            done.pages + 1,
            done.items + count,
        )
        if count < limit:
            return done


def page_peaks(fetch, follow, start):
    """tracemalloc peak (KB above what was held before) of each fetch(position), following
    follow(page) to the next position until it is None."""
    peaks, position = [], start
    gc.collect()
    tracemalloc.start()
    try:
        while position is not None:
            held = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            page = fetch(position)
            peaks.append((tracemalloc.get_traced_memory()[1] - held) / 1024)
            position = follow(page)
            del page
    finally:
        tracemalloc.stop()
    return peaks


def directory_sync(visitor, summary, listings, rounds, want_profile):
    from django.db.models import Min

    from feeds.models import FeedEntry

    start = FeedEntry.objects.filter(feed="directory").aggregate(first=Min("seq"))["first"] - 1
    # The directory's rows follow the education's in sequence (built last, nothing after), so
    # from `start` the raw query reads exactly the rows the endpoint serves.
    live = FeedEntry.objects.filter(feed="directory", is_deleted=False).count()
    assert not FeedEntry.objects.filter(seq__gt=start).exclude(feed="directory").exists()
    runs = {
        "changes?feed=directory&limit=500": lambda urls=None: walk(
            visitor, DIRECTORY_URL, changes_step, urls
        ),
        "raw SQL, 500 a page": lambda: raw_walk(start),
    }
    for run in runs.values():
        run()  # warm
    walks = alternating(runs, rounds, live)
    medians = {
        name: (statistics.median(w.wall for w in done), statistics.median(w.cpu for w in done))
        for name, done in walks.items()
    }
    raw = medians["raw SQL, 500 a page"]
    ours = medians["changes?feed=directory&limit=500"]
    ratios = {"wall": ours[0] / raw[0], "CPU": ours[1] / raw[1]}
    rows = [
        (f"raw SQL walk, {live} rows (reference)", ms(raw)),
        (
            "changes?feed=directory&limit=500",
            ms(ours),
            f"| {ratios['wall']:5.2f}x / {ratios['CPU']:5.2f}x",
        ),
    ]
    met = summary.ratio(f"4. directory sync of {live} listings / raw SQL", ratios, DIRECTORY_TARGET)
    if not met and want_profile:
        profile_walk(visitor, "directory changes walk", runs["changes?feed=directory&limit=500"])
    endpoint_peaks = page_peaks(
        lambda url: visitor.get(url),
        lambda r: changes_step(json.loads(r.content))[1],
        DIRECTORY_URL,
    )
    raw_peaks = page_peaks(
        lambda after: raw_page(after), lambda page: page[0] if page[1] == 500 else None, start
    )
    for name, peaks in (("changes", endpoint_peaks), ("raw SQL", raw_peaks)):
        middle = len(peaks) // 2
        rows.append(
            (
                f"memory peak per page, {name}",
                f"first {peaks[0]:7.0f} KB | page {middle + 1} {peaks[middle]:7.0f} KB"
                f" | last (page {len(peaks)}) {peaks[-1]:7.0f} KB | max {max(peaks):7.0f} KB",
            )
        )
        summary.flat(f"4. memory per page flat, {name}", peaks[:-1] or peaks)
    return rows


# 5. Publishing ----------------------------------------------------------------------------------


@contextmanager
def task_backend(name):
    from django.test import override_settings

    with override_settings(TASKS={"default": {"BACKEND": TASK_BACKENDS[name]}}):
        yield


@contextmanager
def receivers(on, clock):
    """With on, the feed's receivers connected and timed into clock; else taken off."""
    if on:
        with feed_receivers_clocked(clock):
            yield
    else:
        with feed_receivers_off():
            yield


def publisher():
    """publish(): a small edit of one of ten existing routines, in turn, published."""
    from django.db import transaction

    from education.models import SelfCareRoutinePage

    ids = list(SelfCareRoutinePage.objects.order_by("pk").values_list("pk", flat=True)[:10])
    numbers = itertools.count()

    def publish():
        number = next(numbers)
        with transaction.atomic():
            page = SelfCareRoutinePage.objects.get(pk=ids[number % len(ids)])
            page.summary = page.summary.split(" (edit")[0] + f" (edit {number})"
            page.save_revision().publish()

    return publish


def publishing(summary, rounds, want_profile):
    """Publishes with the feed's receivers on and off (A/B), and within the same publishes with
    them on, the time spent in feeds/ code (its receivers and what they run on commit): the
    second needs no comparison between samples, which a busy machine makes noisy."""
    from django_tasks_db.models import DBTaskResult

    from feeds.models import FeedState

    publish = publisher()
    variants = [(backend, on) for backend in TASK_BACKENDS for on in (True, False)]
    walls = {variant: [] for variant in variants}
    cpus = {variant: [] for variant in variants}
    writes = dict.fromkeys(variants, 0)
    shares = {backend: [] for backend in TASK_BACKENDS}  # (wall, feed wall, CPU, feed CPU)
    for number in range(rounds):
        turn = number % len(variants)
        for variant in variants[turn:] + variants[:turn]:
            backend, on = variant
            seq, queued = FeedState.objects.get(pk=1).last_seq, DBTaskResult.objects.count()
            clock = FeedClock()

            def run(clock=clock, backend=backend, on=on):
                wall, cpu = clock.wall, clock.cpu
                _, total_wall, total_cpu = clocked(publish)
                if on:
                    shares[backend].append(
                        (total_wall, clock.wall - wall, total_cpu, clock.cpu - cpu)
                    )

            with task_backend(backend), receivers(on, clock):
                wall, cpu = samples(run, repeat=PUBLISH_REPEAT, warmup=1)
            walls[variant] += wall
            cpus[variant] += cpu
            # What the feed did: changes written (immediate) or tasks queued (database).
            writes[variant] += FeedState.objects.get(pk=1).last_seq - seq
            writes[variant] += DBTaskResult.objects.count() - queued if backend == "database" else 0
    medians = {v: (statistics.median(walls[v]), statistics.median(cpus[v])) for v in variants}
    rows = []
    for backend in TASK_BACKENDS:
        with_feed, without = medians[backend, True], medians[backend, False]
        ratios = {"wall": with_feed[0] / without[0], "CPU": with_feed[1] / without[1]}
        rows.append((f"{backend} backend, feed receivers off", ms(without)))
        rows.append(
            (
                f"{backend} backend, feed receivers on",
                ms(with_feed),
                f"| {ratios['wall']:5.2f}x / {ratios['CPU']:5.2f}x",
                f"| feed: {writes[backend, True]} changes/tasks written (off: "
                f"{writes[backend, False]})",
            )
        )
        met = summary.ratio(f"5. publish a routine, {backend} tasks", ratios, PUBLISH_TARGET)
        on = shares[backend]
        total_wall, feed_wall, total_cpu, feed_cpu = (
            sum(column) for column in zip(*on, strict=True)
        )
        attributed = {
            "wall": total_wall / (total_wall - feed_wall),
            "CPU": total_cpu / (total_cpu - feed_cpu),
        }
        rows.append(
            (
                f"{backend} backend, time in feeds/ code",
                f"{feed_wall / len(on):8.2f} / {feed_cpu / len(on):8.2f} ms a publish",
                f"| {attributed['wall']:5.2f}x / {attributed['CPU']:5.2f}x of the rest",
            )
        )
        summary.ratio(
            f"5. publish a routine, {backend} tasks (feeds/ time in the same publishes)",
            attributed,
            PUBLISH_TARGET,
        )
        if not met and want_profile:
            with task_backend(backend):
                profile(f"publish, {backend} tasks, feed on", lambda: [publish() for _ in range(5)])
    return rows


# Main -------------------------------------------------------------------------------------------


def main():
    args = parse_args(add_arguments)
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.conf import settings
    from django.db import connection

    settings.ROOT_URLCONF = "bench.feeds_urls"  # the site plus /bench-trivial
    vendor = connection.vendor
    started = time.perf_counter()
    summary, visitor = Summary(), Visitor()

    report(f"[{vendor}] education data", build_education(args.routines))
    rows = full_sync(visitor, summary, args.routines, args.sync_rounds, args.profile)
    report(
        f"[{vendor}] 1. full sync of {args.routines} routines, median of {args.sync_rounds} "
        "rounds: pages, server time wall / CPU, Wagtail's time over ours (wall / CPU)",
        rows,
    )
    report(f"[{vendor}] 2. queries per page", query_counts(visitor, summary))
    report(
        f"[{vendor}] 3. HTTP, median of {args.rounds} x {REPEAT}: wall / CPU, ratio to the "
        "trivial view (wall / CPU)",
        http_costs(visitor, summary, args.rounds, args.profile),
    )
    report(
        f"[{vendor}] 5. publishing a routine, median of {args.rounds} x {PUBLISH_REPEAT}: "
        "wall / CPU, ratio on / off (wall / CPU)",
        publishing(summary, args.rounds, args.profile),
    )
    report(f"[{vendor}] directory data", build_directory(args.listings))
    report(
        f"[{vendor}] 4. directory sync, median of {args.sync_rounds} rounds: wall / CPU, ratio "
        "to raw SQL (wall / CPU)",
        directory_sync(visitor, summary, args.listings, args.sync_rounds, args.profile),
    )
    summary.print(
        f"[{vendor}] summary ({time.perf_counter() - started:.0f} s in all, "
        f"{args.routines} routines, {args.listings} listings)"
    )


if __name__ == "__main__":
    main()
