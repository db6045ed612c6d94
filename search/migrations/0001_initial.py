"""Site search moves out of education: its entry table and full-text index, with their rows.

search_entry takes the rows of education_searchentry when that table exists (a database made
before the move; none on a fresh one), with each page's url_path; then the full-text index is
built over it (search/schema.py) from the rows it holds. Migration education 0006 then drops
the old tables. Reversed, the rows go back the same way.
"""

from django.db import migrations, models

from search import schema

OLD_TABLE = "education_searchentry"
COLUMNS = (
    "kind", "title", "summary", "body", "body_areas", "conditions", "difficulty",
    "total_minutes", "reading_grade", "updated_at",
)  # fmt: skip


def _has_table(schema_editor, table):
    return table in schema_editor.connection.introspection.table_names()


def copy_old_entries(apps, schema_editor):
    if _has_table(schema_editor, OLD_TABLE):
        old = ", ".join(f"e.{column}" for column in COLUMNS)
        schema_editor.execute(
            f"INSERT INTO {schema.ENTRY_TABLE} (page_id, url_path, {', '.join(COLUMNS)}) "  # noqa: S608
            f"SELECT e.page_id, p.url_path, {old} "
            f"FROM {OLD_TABLE} e JOIN wagtailcore_page p ON p.id = e.page_id"
        )


def copy_entries_back(apps, schema_editor):
    if _has_table(schema_editor, OLD_TABLE):
        columns = ", ".join(COLUMNS)
        schema_editor.execute(
            f"INSERT INTO {OLD_TABLE} (page_id, {columns}) "  # noqa: S608
            f"SELECT page_id, {columns} FROM {schema.ENTRY_TABLE}"
        )


def install_unaccent(apps, schema_editor):
    # PostgreSQL folds diacritics in the index with unaccent (a trusted extension since
    # PostgreSQL 13: the database's owner may install it). Left installed when reversed.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


def create_index(apps, schema_editor):
    schema.create_index(schema_editor)


def drop_index(apps, schema_editor):
    schema.drop_index(schema_editor)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("education", "0005_search_vector_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="wagtailcore.page",
                    ),
                ),
                ("url_path", models.TextField()),
                ("kind", models.CharField(db_index=True, max_length=20)),
                ("title", models.CharField(max_length=255)),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("body_areas", models.CharField(blank=True, max_length=500)),
                ("conditions", models.CharField(blank=True, max_length=500)),
                ("difficulty", models.CharField(blank=True, max_length=12)),
                ("total_minutes", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "reading_grade",
                    models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name_plural": "search entries", "db_table": "search_entry"},
        ),
        migrations.RunPython(copy_old_entries, copy_entries_back),
        migrations.RunPython(install_unaccent, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
