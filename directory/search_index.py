"""Full-text search over therapists, straight in the database (the plumbing: search/fts.py).

SQLite: an FTS5 table (rowid = therapist id) ranked with bm25(). PostgreSQL: a tsvector table
with a GIN index ranked with ts_rank_cd(). Names are not stemmed (fts.UNSTEMMED: "Gates" is not
"Gate") and every term is a prefix ("mar" finds Maria and Martin); documents are folded in
Python with fts.fold, as queries are, so a query matches the same therapists on both databases.
Ranking and LIMIT stay in the database.
"""

import json
from collections import defaultdict

from django.db import connection

from directory import events
from search import fts

FTS_TABLE = "directory_therapist_fts"
PG_TABLE = "directory_therapist_search"
MAX_TERMS = 8
TOKENIZER = fts.UNSTEMMED
CONFIG = TOKENIZER.postgres


def query_terms(text):
    return fts.words(text, MAX_TERMS)


def create_tables(schema_editor):
    """Called by the migration: the vendor-specific half of the search index. Written from
    Python (reindex_therapists), so no triggers; deletions are mirrored by a post_delete
    signal. The GIN index keeps its pending list: an import writes thousands of vectors at
    once and then merges the list (importer.refresh_planner_statistics)."""
    if schema_editor.connection.vendor == fts.POSTGRESQL:
        fts.create_vector_table(schema_editor, PG_TABLE, "therapist_id")
    else:
        fts.create_fts5_table(schema_editor, FTS_TABLE, ("name", "body"), TOKENIZER)


def drop_tables(schema_editor):
    if schema_editor.connection.vendor == fts.POSTGRESQL:
        fts.drop_vector_table(schema_editor, PG_TABLE)
    else:
        fts.drop_fts5_table(schema_editor, FTS_TABLE)


def build_documents(ids):
    """{therapist id: (name, body)} for the given therapists, in a handful of queries."""
    from directory.models import Therapist

    ids = list(ids)
    rows = Therapist.objects.filter(pk__in=ids).values_list("pk", "name", "bio")
    extra = defaultdict(list)
    places = Therapist.locations.through.objects.filter(therapist_id__in=ids).values_list(
        "therapist_id", "location__clinic__name", "location__locality"
    )
    for therapist_id, clinic_name, locality in places:
        extra[therapist_id].extend(v for v in (clinic_name, locality) if v)
    services = Therapist.locations.through.objects.filter(
        therapist_id__in=ids, location__services__isnull=False
    ).values_list("therapist_id", "location__services__name")
    for therapist_id, service_name in services:
        extra[therapist_id].append(service_name)
    for therapist_id, words in related_words(ids):
        extra[therapist_id].append(words)
    return {
        pk: (fts.fold(name), fts.fold(" ".join([bio or "", *extra[pk]]))) for pk, name, bio in rows
    }


def related_words(ids):
    """(therapist id, text) for modalities and conditions, when the education app provides them."""
    from directory.models import Therapist
    from directory.models.visibility import public_modality_ids

    names = {f.name for f in Therapist._meta.get_fields()}
    if "modalities" in names:
        # Public modality pages only, so a hidden page's title finds no one; directory/signals.py
        # rebuilds these documents when a modality's visibility changes.
        yield from Therapist.modalities.through.objects.filter(
            therapist_id__in=ids, modalitypage_id__in=list(public_modality_ids())
        ).values_list("therapist_id", "modalitypage__title")
    if "conditions" in names:
        yield from Therapist.conditions.through.objects.filter(therapist_id__in=ids).values_list(
            "therapist_id", "condition__name"
        )


def reindex_therapists(ids, chunk=2000, reason="save"):
    """Rebuild these therapists' search documents, then send directory.events.listings_changed
    with `reason`: every path that changes what a listing shows rebuilds its document, so this
    is where the change log hears of most of them (the others send it themselves)."""
    ids = [pk for pk in ids if pk is not None]
    for start in range(0, len(ids), chunk):
        _reindex_chunk(ids[start : start + chunk])
    events.send(ids, reason)


def _reindex_chunk(ids):
    documents = build_documents(ids)
    placeholders = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == fts.POSTGRESQL:
            cursor.execute(f"DELETE FROM {PG_TABLE} WHERE therapist_id IN ({placeholders})", ids)  # noqa: S608 (table names are constants)
            cursor.executemany(
                f"INSERT INTO {PG_TABLE} (therapist_id, vector) VALUES (%s, "  # noqa: S608 (table names are constants)
                f"setweight(to_tsvector('{CONFIG}', %s), 'A') || to_tsvector('{CONFIG}', %s))",
                [(pk, name, body) for pk, (name, body) in documents.items()],
            )
        else:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", ids)  # noqa: S608 (table names are constants)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, name, body) VALUES (%s, %s, %s)",  # noqa: S608 (table names are constants)
                [(pk, name, body) for pk, (name, body) in documents.items()],
            )


def delete_therapists(ids):
    ids = list(ids)
    if not ids:
        return
    placeholders = ",".join(["%s"] * len(ids))
    table, key = (
        (PG_TABLE, "therapist_id") if connection.vendor == fts.POSTGRESQL else (FTS_TABLE, "rowid")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({placeholders})", ids)  # noqa: S608 (table names are constants)


def with_text_match(therapists, terms):
    """The therapists queryset joined to the full-text index, keeping matches only, with a
    `score` (higher = more relevant). The join lets the index drive the query."""
    if connection.vendor == fts.POSTGRESQL:
        tsquery = fts.tsquery(terms, fts.EVERY_WORD)
        return therapists.extra(  # noqa: S610 - fixed SQL, the query is a bound parameter
            select={"score": f"ts_rank_cd({PG_TABLE}.vector, to_tsquery('{CONFIG}', %s))"},
            select_params=[tsquery],
            tables=[PG_TABLE],
            where=[
                f"{PG_TABLE}.therapist_id = directory_therapist.id",
                f"{PG_TABLE}.vector @@ to_tsquery('{CONFIG}', %s)",
            ],
            params=[tsquery],
        )
    fts_query = fts.fts5_query(terms, fts.EVERY_WORD)
    return therapists.extra(  # noqa: S610 - fixed SQL, the query is a bound parameter
        select={"score": f"-bm25({FTS_TABLE}, 5.0, 1.0)"},
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = directory_therapist.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts_query],
    )


def matching_ids(terms, candidates):
    """The subset of candidate therapist ids matching every term (no ranking: distance orders
    a geo search). PostgreSQL checks just the candidates by primary key. FTS5 would re-run the
    whole match per candidate (`rowid IN (...)` costs ~1 ms a candidate), and fetching a
    common prefix's match set into Python (25,000 rowids for "deep" at 50,000 therapists)
    costs more than the search itself; so SQLite intersects the two sets itself, probing the
    match set (materialised once, in C) with each candidate."""
    candidates = sorted(set(candidates))
    with connection.cursor() as cursor:
        if connection.vendor == fts.POSTGRESQL:
            cursor.execute(
                f"SELECT therapist_id FROM {PG_TABLE} "  # noqa: S608 (constant table name)
                f"WHERE vector @@ to_tsquery('{CONFIG}', %s) AND therapist_id = ANY(%s)",
                [fts.tsquery(terms, fts.EVERY_WORD), list(candidates)],
            )
            return {row[0] for row in cursor.fetchall()}
        fts_query = fts.fts5_query(terms, fts.EVERY_WORD)
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        cursor.execute(
            f"SELECT value FROM json_each(%s) WHERE value IN ({sql})",  # noqa: S608
            [json.dumps(candidates), fts_query],
        )
        return {row[0] for row in cursor.fetchall()}


def match_sql(terms, ids=None):
    """(sql, params) selecting (therapist_id, score) for rows matching every term; higher
    score = more relevant. `ids` narrows the match inside the index (a geo prefilter)."""
    ids = list(ids) if ids is not None else None
    id_filter = ""
    if connection.vendor == fts.POSTGRESQL:
        if ids is not None:
            id_filter = " AND s.therapist_id = ANY(%s)"
        tsquery = fts.tsquery(terms, fts.EVERY_WORD)
        sql = (
            f"SELECT s.therapist_id AS therapist_id, ts_rank_cd(s.vector, q.query) AS score "  # noqa: S608 (table names are constants)
            f"FROM {PG_TABLE} s, to_tsquery('{CONFIG}', %s) AS q(query) WHERE s.vector @@ q.query"
        )
        return sql + id_filter, [tsquery] + ([ids] if ids is not None else [])
    if ids is not None:
        id_filter = f" AND rowid IN ({','.join(['%s'] * len(ids)) or 'NULL'})"
    fts_query = fts.fts5_query(terms, fts.EVERY_WORD)
    # bm25() is lower for better matches; negate so both databases sort score descending.
    sql = (
        f"SELECT rowid AS therapist_id, -bm25({FTS_TABLE}, 5.0, 1.0) AS score "  # noqa: S608 (table names are constants)
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    )
    return sql + id_filter, [fts_query] + (ids or [])
