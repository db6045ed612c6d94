"""Site search moved to the search app (search 0001 copied the entries): drop education's
entry table and its full-text index (FTS5 table and triggers on SQLite; the vector table, its
triggers and their functions on PostgreSQL). Reversed, they come back as 0003 and 0005 made
them, and search 0001's reverse copies the entries back.
"""

import importlib

from django.db import migrations


def _old_migration(name):
    return importlib.import_module(f"education.migrations.{name}")


def drop_old_index(apps, schema_editor):
    # What 0003 and 0005 drop going backwards, but for the generated column that 0005 would
    # put back first (the first two of its statements).
    fulltext = _old_migration("0003_search_fulltext")
    vectors = _old_migration("0005_search_vector_table")
    statements = {
        "sqlite": fulltext.SQLITE_BACKWARD,
        "postgresql": vectors.POSTGRES_BACKWARD[2:],
    }
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def recreate_old_index(apps, schema_editor):
    fulltext = _old_migration("0003_search_fulltext")
    vectors = _old_migration("0005_search_vector_table")
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
