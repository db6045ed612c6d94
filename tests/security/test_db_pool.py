"""PostgreSQL connections come from a bounded pool: a burst of requests to the dev server never
holds more connections than DB_POOL_MAX_SIZE (it used to keep one per thread and run a server
out of connections), and a runaway query is cancelled by statement_timeout."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from django.db.utils import OperationalError

ROOT = Path(__file__).resolve().parents[2]
POOL_MAX = 4
BURST = 50
APP_NAME = "fascia-pool-test"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict, **query):
    user = quote(settings_dict["USER"] or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    options = "&".join(f"{key}={value}" for key, value in query.items())
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}?{options}"


def get(url, timeout=30):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (localhost)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def dev_server(db, tmp_path):
    """`manage.py runserver --noreload` (dev settings) on a free port against the test database,
    its connections named so pg_stat_activity can tell them apart; stopped afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DB_CONN_MAX_AGE", "REDIS_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url(connection.settings_dict, application_name=APP_NAME),
        "DB_POOL_MIN_SIZE": "1",
        "DB_POOL_MAX_SIZE": str(POOL_MAX),
    }
    log = (tmp_path / "runserver.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"{base}/healthz", timeout=2) == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((tmp_path / "runserver.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


class ConnectionSampler(threading.Thread):
    """Counts the dev server's connections in pg_stat_activity until stopped (its own
    connection, and the test's, are not the server's and carry another application_name)."""

    def __init__(self, settings_dict):
        super().__init__(daemon=True)
        self.url = database_url(settings_dict)
        self.counts = []
        self.done = threading.Event()

    def run(self):
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.done.is_set():
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = %s",
                    [APP_NAME],
                ).fetchone()
                self.counts.append(row[0])
                time.sleep(0.01)

    def stop(self):
        self.done.set()
        self.join(timeout=10)


@pytest.mark.postgres
def test_a_burst_of_requests_never_holds_more_connections_than_the_pool(dev_server):
    sampler = ConnectionSampler(connection.settings_dict)
    sampler.start()
    urls = [
        f"{dev_server}/healthz" if n % 2 else f"{dev_server}/no-such-page/" for n in range(BURST)
    ]
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        statuses = list(pool.map(get, urls))
    time.sleep(0.5)  # and once the burst is over
    sampler.stop()

    assert statuses.count(200) == BURST // 2
    assert statuses.count(404) == BURST // 2  # answered, never a 500
    assert sampler.counts, "pg_stat_activity was never read"
    assert 1 <= max(sampler.counts) <= POOL_MAX, sampler.counts


@pytest.mark.postgres
def test_connections_come_from_a_pool_with_a_statement_timeout(db):
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    assert connection.settings_dict["OPTIONS"]["pool"]["max_size"] == POOL_MAX
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"


@pytest.mark.postgres
def test_a_runaway_query_is_cancelled(db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 100")  # the same backstop, scaled down
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(5)")


def test_persistent_connections_with_the_pool_are_a_clear_configuration_error():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/fascia",
        "DB_CONN_MAX_AGE": "60",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DB_CONN_MAX_AGE must be 0" in result.stderr
