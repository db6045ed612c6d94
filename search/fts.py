"""The database's own full-text index, for site search (search/) and the directory
(directory/search_index.py): SQLite FTS5 or a PostgreSQL tsvector table with a GIN index.

One module, so the two searches cannot drift on what they share (docs/search.md):

- words: user input is lower-cased, its diacritics removed (`fold`) and cut into `\\w+` words,
  at most a given number;
- quoting: each word is quoted before it reaches FTS5 or to_tsquery, so query syntax typed by a
  user ("OR", "NEAR(", "*", "'", ":") is inert; a prefix search adds `*` / `:*` to the words
  asked for;
- tables: the FTS5 table and the PostgreSQL vector table (with their triggers and GIN index)
  are created and dropped here, by the migrations.

What a search does with the words (stemming, which words are prefixes) is its own choice,
passed in as a `Tokenizer` and a prefix mode.
"""

# Every statement below is built from the callers' constant table and column names, never
# from input: values (queries, documents) are always bound parameters.
# ruff: noqa: S608

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection

SQLITE, POSTGRESQL = "sqlite", "postgresql"
WORD_RE = re.compile(r"\w+", re.UNICODE)

# Prefix modes: no word is a prefix, the last one is ("foam rol"), or every one is ("mar sm").
WHOLE_WORDS, LAST_WORD, EVERY_WORD = "none", "last", "every"


@dataclass(frozen=True)
class Tokenizer:
    """How an index splits and normalises words, said once for both databases."""

    sqlite: str  # an FTS5 tokenize= option
    postgres: str  # a text search configuration


# Content words, stemmed: "rolling" finds "roll".
STEMMED = Tokenizer(sqlite="porter unicode61 remove_diacritics 2", postgres="english")
# Names of people and places, never stemmed: "Gates" must not find "Gate".
UNSTEMMED = Tokenizer(sqlite="unicode61 remove_diacritics 2", postgres="simple")


def vendor():
    """SQLITE, POSTGRESQL, or another database's name (then callers fall back to LIKE)."""
    return connection.vendor


# Words ---------------------------------------------------------------------------------------


def fold(text):
    """Lower case without diacritics: 'Médecin' -> 'medecin'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words(text, limit):
    """The first `limit` words of user input, folded."""
    return WORD_RE.findall(fold(text))[:limit]


def _marked(quoted, prefix, mark):
    last = len(quoted) - 1
    return [
        term + mark if prefix == EVERY_WORD or (prefix == LAST_WORD and n == last) else term
        for n, term in enumerate(quoted)
    ]


def fts5_query(words, prefix=WHOLE_WORDS):
    """An FTS5 MATCH expression: every word, each quoted ("\\w+" words hold no quote)."""
    return " AND ".join(_marked([f'"{word}"' for word in words], prefix, "*"))


def tsquery(words, prefix=WHOLE_WORDS):
    """A to_tsquery() expression: every word, each quoted as one lexeme."""
    return " & ".join(_marked([f"'{word}'" for word in words], prefix, ":*"))


# Tables --------------------------------------------------------------------------------------
# Names of triggers, functions and indexes derive from the table's name, so `drop_*` finds them.


def create_fts5_table(schema_editor, table, columns, tokenizer, content=None, content_rowid=None):
    """An FTS5 table over `columns`. With `content`, an external-content table reading that
    table (rowid = its `content_rowid` column), kept in step by triggers and filled with the
    rows it already has; without, the caller writes its rows."""
    options = [", ".join(columns)]
    if content:
        options += [f"content='{content}'", f"content_rowid='{content_rowid}'"]
    options += [f"tokenize='{tokenizer.sqlite}'", "prefix='2 3'"]
    schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(options)})")
    if not content:
        return
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    insert = f"INSERT INTO {table}(rowid, {names}) VALUES (new.{content_rowid}, {new});"
    delete = (
        f"INSERT INTO {table}({table}, rowid, {names}) "
        f"VALUES ('delete', old.{content_rowid}, {old});"
    )
    for suffix, event, body in [
        ("ai", "AFTER INSERT", insert),
        ("ad", "AFTER DELETE", delete),
        # Only the indexed columns: other columns change without re-indexing the row.
        ("au", f"AFTER UPDATE OF {names}", delete + insert),
    ]:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_{suffix} {event} ON {content} BEGIN {body} END"
        )
    schema_editor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def drop_fts5_table(schema_editor, table):
    for suffix in ("au", "ad", "ai"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


def weighted_vector(tokenizer, weighted_columns, row):
    """SQL for a weighted tsvector of a row's columns, diacritics removed as `fold` does:
    [("title", "A"), ...] -> setweight(to_tsvector(...unaccent(row.title)...), 'A') || ..."""
    config = f"'{tokenizer.postgres}'::regconfig"
    return " || ".join(
        f"setweight(to_tsvector({config}, unaccent(coalesce({row}.{column}, ''))), '{weight}')"
        for column, weight in weighted_columns
    )


def create_vector_table(
    schema_editor, table, key, source=None, weighted_columns=(), tokenizer=None, fastupdate=True
):
    """A narrow (key, vector) table with a GIN index. With `source`, kept in step with that
    table by triggers on every insert, update of the weighted columns, delete and truncate,
    and filled from the rows it already has; without, the caller writes its rows.

    No foreign key: Django's flush truncates the tables it knows without CASCADE.
    fastupdate=False puts a new vector straight into the index instead of a pending list that
    every search scans until (auto)vacuum merges it: right when writes are one page at a time.
    """
    schema_editor.execute(
        f"CREATE TABLE {table} ({key} bigint PRIMARY KEY, vector tsvector NOT NULL)"
    )
    if source:
        _mirror(schema_editor, table, key, source, weighted_columns, tokenizer)
    fast = "on" if fastupdate else "off"
    schema_editor.execute(
        f"CREATE INDEX {table}_gin ON {table} USING GIN (vector) WITH (fastupdate = {fast})"
    )


def _mirror(schema_editor, table, key, source, weighted_columns, tokenizer):
    vector = weighted_vector(tokenizer, weighted_columns, "NEW")
    functions = {
        "upsert": f"INSERT INTO {table} ({key}, vector) VALUES (NEW.{key}, {vector}) "
        f"ON CONFLICT ({key}) DO UPDATE SET vector = EXCLUDED.vector",
        "delete": f"DELETE FROM {table} WHERE {key} = OLD.{key}",
        "truncate": f"TRUNCATE {table}",
    }
    for name, statement in functions.items():
        schema_editor.execute(
            f"CREATE FUNCTION {table}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {statement}; RETURN NULL; END $$"
        )
    columns = ", ".join(column for column, _ in weighted_columns)
    for suffix, event, function, each in [
        ("ai", "INSERT", "upsert", "ROW"),
        ("au", f"UPDATE OF {columns}", "upsert", "ROW"),
        ("ad", "DELETE", "delete", "ROW"),
        ("at", "TRUNCATE", "truncate", "STATEMENT"),
    ]:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_{suffix} AFTER {event} ON {source} "
            f"FOR EACH {each} EXECUTE FUNCTION {table}_{function}()"
        )
    existing = weighted_vector(tokenizer, weighted_columns, "s")
    schema_editor.execute(
        f"INSERT INTO {table} ({key}, vector) SELECT s.{key}, {existing} FROM {source} s"
    )


def drop_vector_table(schema_editor, table, source=None):
    if source:
        for suffix in ("at", "ad", "au", "ai"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {source}")
        for name in ("truncate", "delete", "upsert"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_{name}()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
