"""The vendor-specific full-text index (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""

from django.db import migrations


def create(apps, schema_editor):
    from directory.search_index import create_tables

    create_tables(schema_editor)


def drop(apps, schema_editor):
    from directory.search_index import drop_tables

    drop_tables(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
