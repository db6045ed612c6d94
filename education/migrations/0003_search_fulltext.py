"""The database's own full-text index over education_searchentry.

SQLite: an external-content FTS5 table kept in step by triggers (bm25 ranking).
PostgreSQL: a generated, weighted tsvector column with a GIN index (ts_rank ranking).
Other databases get nothing here and education.search falls back to a LIKE scan.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE education_search_fts USING fts5(
        title, summary, body,
        content='education_searchentry', content_rowid='page_id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER education_search_ai AFTER INSERT ON education_searchentry BEGIN
        INSERT INTO education_search_fts(rowid, title, summary, body)
        VALUES (new.page_id, new.title, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER education_search_ad AFTER DELETE ON education_searchentry BEGIN
        INSERT INTO education_search_fts(education_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.page_id, old.title, old.summary, old.body);
    END
    """,
    """
    CREATE TRIGGER education_search_au AFTER UPDATE ON education_searchentry BEGIN
        INSERT INTO education_search_fts(education_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.page_id, old.title, old.summary, old.body);
        INSERT INTO education_search_fts(rowid, title, summary, body)
        VALUES (new.page_id, new.title, new.summary, new.body);
    END
    """,
    # Rows that already exist (none on a fresh database) join the index.
    "INSERT INTO education_search_fts(education_search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS education_search_au",
    "DROP TRIGGER IF EXISTS education_search_ad",
    "DROP TRIGGER IF EXISTS education_search_ai",
    "DROP TABLE IF EXISTS education_search_fts",
]
POSTGRES_FORWARD = [
    """
    ALTER TABLE education_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX education_searchentry_vector_gin ON education_searchentry "
    "USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS education_searchentry_vector_gin",
    "ALTER TABLE education_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("education", "0002_routine_video")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
