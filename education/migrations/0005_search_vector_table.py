"""PostgreSQL: the search vectors move to a narrow table of their own, kept in step by triggers.

A broad query ("breathe" matches most routines) ranks every match, so the cost is reading the
vectors. In education_searchentry they sat behind the body text and the filter columns, twice
the pages to read; a table of (page_id, vector) alone halves that. Triggers mirror every insert,
update, delete and truncate of education_searchentry, as the FTS5 triggers do on SQLite, so no
code path can leave the two out of step. No foreign key: Django's flush truncates the tables it
knows without CASCADE. SQLite is untouched.
"""

from django.db import migrations

VECTOR = """
    setweight(to_tsvector('english'::regconfig, coalesce({row}.title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce({row}.summary, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce({row}.body, '')), 'C')
"""

POSTGRES_FORWARD = [
    """
    CREATE TABLE education_searchvector (
        page_id integer PRIMARY KEY,
        vector tsvector NOT NULL
    )
    """,
    f"""
    CREATE FUNCTION education_searchvector_upsert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO education_searchvector (page_id, vector)
        VALUES (NEW.page_id, {VECTOR.format(row="NEW")})
        ON CONFLICT (page_id) DO UPDATE SET vector = EXCLUDED.vector;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION education_searchvector_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM education_searchvector WHERE page_id = OLD.page_id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION education_searchvector_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE education_searchvector;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER education_searchvector_ai AFTER INSERT ON education_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION education_searchvector_upsert()",
    "CREATE TRIGGER education_searchvector_au AFTER UPDATE OF title, summary, body "
    "ON education_searchentry FOR EACH ROW EXECUTE FUNCTION education_searchvector_upsert()",
    "CREATE TRIGGER education_searchvector_ad AFTER DELETE ON education_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION education_searchvector_delete()",
    "CREATE TRIGGER education_searchvector_at AFTER TRUNCATE ON education_searchentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION education_searchvector_truncate()",
    f"""
    INSERT INTO education_searchvector (page_id, vector)
    SELECT e.page_id, {VECTOR.format(row="e")} FROM education_searchentry e
    """,
    # fastupdate off: a new vector goes straight into the index instead of a pending list that
    # every search scans until (auto)vacuum merges it. Writes happen once per publish.
    "CREATE INDEX education_searchvector_gin ON education_searchvector USING GIN (vector) "
    "WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS education_searchentry_vector_gin",
    "ALTER TABLE education_searchentry DROP COLUMN IF EXISTS search_vector",
]

POSTGRES_BACKWARD = [
    f"""
    ALTER TABLE education_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS ({VECTOR.format(row="education_searchentry")}) STORED
    """,
    "CREATE INDEX education_searchentry_vector_gin ON education_searchentry "
    "USING GIN (search_vector)",
    "DROP TRIGGER IF EXISTS education_searchvector_at ON education_searchentry",
    "DROP TRIGGER IF EXISTS education_searchvector_ad ON education_searchentry",
    "DROP TRIGGER IF EXISTS education_searchvector_au ON education_searchentry",
    "DROP TRIGGER IF EXISTS education_searchvector_ai ON education_searchentry",
    "DROP FUNCTION IF EXISTS education_searchvector_truncate()",
    "DROP FUNCTION IF EXISTS education_searchvector_delete()",
    "DROP FUNCTION IF EXISTS education_searchvector_upsert()",
    "DROP TABLE IF EXISTS education_searchvector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("education", "0004_equipment_kind")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
