"""Site search moved to the search app (search 0001 copied the entries): drop education's
entry table and its full-text index (FTS5 table and triggers on SQLite; the vector table, its
triggers and their functions on PostgreSQL). Reversed, they come back as 0003 and 0005 made
them, and search 0001's reverse copies the entries back.
"""

import importlib

from django.db import migrations

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS education_search_au",
    "DROP TRIGGER IF EXISTS education_search_ad",
    "DROP TRIGGER IF EXISTS education_search_ai",
    "DROP TABLE IF EXISTS education_search_fts",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS education_searchvector_at ON education_searchentry",
    "DROP TRIGGER IF EXISTS education_searchvector_ad ON education_searchentry",
    "DROP TRIGGER IF EXISTS education_searchvector_au ON education_searchentry",
    "DROP TRIGGER IF EXISTS education_searchvector_ai ON education_searchentry",
    "DROP FUNCTION IF EXISTS education_searchvector_truncate()",
    "DROP FUNCTION IF EXISTS education_searchvector_delete()",
    "DROP FUNCTION IF EXISTS education_searchvector_upsert()",
    "DROP TABLE IF EXISTS education_searchvector",
]


def drop_old_index(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def recreate_old_index(apps, schema_editor):
    fulltext = importlib.import_module("education.migrations.0003_search_fulltext")
    vectors = importlib.import_module("education.migrations.0005_search_vector_table")
    statements = {
        "sqlite": fulltext.SQLITE_FORWARD,
        "postgresql": fulltext.POSTGRES_FORWARD + vectors.POSTGRES_FORWARD,
    }
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0005_search_vector_table"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_old_index, recreate_old_index),
        migrations.DeleteModel(name="SearchEntry"),
    ]
