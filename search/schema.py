"""The site search's full-text tables over search_entry (created by migration 0001).

SQLite: `search_entry_fts`, an external-content FTS5 table (rowid = page id) whose triggers
mirror every write to the entries. PostgreSQL: `search_vector`, a narrow (page_id, vector)
table kept by triggers on every insert, update, delete and truncate of the entries, with a GIN
index without a pending list; its diacritics are removed by the unaccent extension (which the
migration installs). A broad word ("breathe" is on most routines) ranks every match, so the
cost is reading the vectors: beside the body text and the filter columns they took twice the
pages to read.

Migration 0001 calls these functions: change the tables only with a new migration that drops
and re-creates them.
"""

from search import fts

ENTRY_TABLE = "search_entry"
FTS_TABLE = "search_entry_fts"
VECTOR_TABLE = "search_vector"
TOKENIZER = fts.STEMMED
# Title, summary, body: FTS5 column weights for bm25 and PostgreSQL's A/B/C labels.
COLUMNS = ("title", "summary", "body")
BM25_WEIGHTS = (10.0, 4.0, 1.0)
PG_WEIGHTS = ("A", "B", "C")


def create_index(schema_editor):
    if schema_editor.connection.vendor == fts.SQLITE:
        fts.create_fts5_table(
            schema_editor,
            FTS_TABLE,
            COLUMNS,
            TOKENIZER,
            content=ENTRY_TABLE,
            content_rowid="page_id",
        )
    elif schema_editor.connection.vendor == fts.POSTGRESQL:
        fts.create_vector_table(
            schema_editor,
            VECTOR_TABLE,
            "page_id",
            source=ENTRY_TABLE,
            weighted_columns=list(zip(COLUMNS, PG_WEIGHTS, strict=True)),
            tokenizer=TOKENIZER,
            fastupdate=False,
        )


def drop_index(schema_editor):
    if schema_editor.connection.vendor == fts.SQLITE:
        fts.drop_fts5_table(schema_editor, FTS_TABLE)
    elif schema_editor.connection.vendor == fts.POSTGRESQL:
        fts.drop_vector_table(schema_editor, VECTOR_TABLE, source=ENTRY_TABLE)
