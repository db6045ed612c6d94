"""Project-level guarantees: settings, migrations, demo content, lint."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.admin.menu import admin_menu

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k9#Vq2!xLr7@Zp4$Tn8&Wm3*Hs6^Bd1%Fg5(Jc0)Ye9+Ua2=Qi7~Ro4-El8_Kw3",
    "ALLOWED_HOSTS": "fascia.example",
    "DATABASE_URL": "sqlite:////tmp/fascia-deploy-check.sqlite3",
}
# Rows that legitimately grow on every run: audit logs and revisions of what was seen again.
GROWING_MODELS = {"wagtailcore.pagelogentry", "wagtailcore.modellogentry", "wagtailcore.revision"}


def run_manage(*args, env_overrides):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a "deployment".
    unwanted = set(PRODUCTION_ENV) | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_a_missing_secret_key():
    env = dict(PRODUCTION_ENV, SECRET_KEY="")
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_missing_allowed_hosts():
    env = dict(PRODUCTION_ENV, ALLOWED_HOSTS="")
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "settings_module, env",
    [("config.settings.dev", {}), ("config.settings.production", PRODUCTION_ENV)],
)
def test_an_unknown_task_backend_names_the_choices(settings_module, env):
    env = dict(env, DJANGO_SETTINGS_MODULE=settings_module, TASK_BACKEND="celery")
    result = run_manage("check", env_overrides=env)
    expected = "TASK_BACKEND must be one of database, immediate, got 'celery'"
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {expected}" in result.stderr


def test_importing_the_settings_creates_no_folders(tmp_path):
    # A copy of config/ in an empty tree: BASE_DIR is that tree, so any folder the settings
    # made would appear beside the copy.
    shutil.copytree(
        ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__")
    )
    unwanted = {"DATABASE_URL", "STATIC_ROOT", "MEDIA_ROOT", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(PRODUCTION_ENV, PYTHONPATH=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    del env["DATABASE_URL"]
    modules = ["base", "dev", "test", "production"]
    code = "import importlib\n" + "".join(
        f"importlib.import_module('config.settings.{name}')\n" for name in modules
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["config"]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'wal.sqlite3'}"
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = run_manage("shell", "-c", code, env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["wal", "20000"]


def test_models_and_migrations_agree(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def by_order(items):
    return [(item.order, item.name) for item in sorted(items, key=lambda item: item.order)]


def test_admin_menus_give_every_item_its_own_place(admin_client):
    response = admin_client.get("/admin/")  # loads the admin URLs, so every viewset is registered
    assert response.status_code == 200
    request = response.wsgi_request  # a superuser's: every item is shown
    top = admin_menu.menu_items_for_request(request)
    reports = next(item for item in top if item.name == "reports").menu
    report_items = reports.menu_items_for_request(request)

    for items in (top, report_items):
        orders = [item.order for item in items]
        assert len(set(orders)) == len(orders), by_order(items)
    names = [name for _, name in by_order(top)]
    assert names.index("images") < names.index("education") < names.index("videos")
    assert by_order(report_items)[0] == (600, "due-for-clinical-review")


def model_counts():
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_seed_demo_twice_leaves_the_same_counts(db, capsys, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "")
    call_command("seed_demo")
    first = model_counts()
    out = capsys.readouterr().out
    assert "Demo login: admin / " in out

    call_command("seed_demo")
    second = model_counts()

    assert first["home.homepage"] == 1
    assert first["auth.user"] == 1 + 4  # the admin and a demo user per editorial role
    changed = {
        label: (first[label], second[label])
        for label in first
        if first[label] != second[label] and label not in GROWING_MODELS
    }
    assert changed == {}
    assert "password unchanged" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_is_clean(command):
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), *command, "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
