"""Where site search ranks: straight in the database's full-text index, with LIMIT there.

Wagtail's default database backend ranks every match and gets slow past a few thousand pages.
Here one table (SearchEntry) holds a plain-text copy of every live, public page plus its filter
values and the path it links to, and the database's own full-text index answers
(search/schema.py): FTS5 with bm25 on SQLite, a weighted tsvector with a GIN index and ts_rank
on PostgreSQL. The database ranks and applies LIMIT; the count, and the columns and snippets
of the page of hits, come in the same pass (PostgreSQL) or small queries of their own (SQLite).
A page of hits needs nothing else: no page or site lookups.

Every search applies the schedule half of the public-page rule when it reads
(home/visibility.py): an entry whose go-live time has not come or whose expiry has passed is
neither ranked nor counted. Few entries have a schedule, so this is a NOT IN over the ones
outside their window, read from two small partial indexes (search/models.py).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Site

from search import fts, schema

MAX_TERMS = 12
# Private-use characters mark hits in snippets; real text is escaped before they become <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"
KINDS = {
    "routine": "Self-care routine",
    "modality": "Massage type",
    "guide": "Guide",
    "page": "Page",
}
ENTRY, FTS_TABLE, VECTORS = schema.ENTRY_TABLE, schema.FTS_TABLE, schema.VECTOR_TABLE
CONFIG = schema.TOKENIZER.postgres


@dataclass
class Filters:
    kind: str = ""
    area: str = ""
    condition: str = ""
    difficulty: str = ""
    max_minutes: int | None = None

    def where(self):
        """SQL conditions on the entry table (alias e) and their parameters."""
        clauses, params = [], []
        if self.kind:
            clauses.append("e.kind = %s")
            params.append(self.kind)
        if self.area:
            clauses.append("e.body_areas LIKE %s")
            params.append(f"%,{self.area},%")
        if self.condition:
            clauses.append("e.conditions LIKE %s")
            params.append(f"%,{self.condition},%")
        if self.difficulty:
            clauses.append("e.difficulty = %s")
            params.append(self.difficulty)
        if self.max_minutes:
            clauses.append("e.total_minutes <= %s")
            params.append(self.max_minutes)
        return clauses, params


def outside_window(column, now=None):
    """SQL excluding the entries outside their go-live/expiry window now (by `column`, the page
    id of the table being ranked), and its parameters."""
    moment = connection.ops.adapt_datetimefield_value(now or timezone.now())
    sql = (
        f"{column} NOT IN (SELECT page_id FROM {ENTRY} "  # noqa: S608 - constants only
        "WHERE go_live_at > %s OR expire_at <= %s)"
    )
    return sql, [moment, moment]


@dataclass
class Hit:
    page_id: int
    kind: str
    title: str
    summary: str
    snippet: str = ""
    reading_grade: float | None = None
    url_path: str = ""
    url: str | None = None  # set by link()

    @property
    def kind_label(self):
        return KINDS.get(self.kind, "Page")

    @property
    def reading_level(self):
        """The Flesch-Kincaid grade as a whole number (half up), or None."""
        if self.reading_grade is None:
            return None
        return int(Decimal(str(self.reading_grade)).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def snippet_html(self):
        """The snippet with its hits in <mark>, everything else escaped."""
        text = escape(self.snippet)
        return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


@dataclass
class Results:
    total: int = 0
    hits: list = field(default_factory=list)

    def link(self, request, full=False):
        """Give each hit its page's URL (absolute with full=True), from the stored url_path."""
        roots = Site.get_site_root_paths()  # Wagtail's, from the cache
        for hit in self.hits:
            hit.url = page_url(hit.url_path, roots, request, full)
        return self


def page_url(url_path, roots, request, full=False):
    """What Page.get_url(request) / get_full_url(request) return for a page at url_path, by the
    same rules, without building a Page per hit (which costs more than the whole URL). The
    request's site is looked up only when there is more than one site to choose from."""
    matches = [root for root in roots if url_path.startswith(root.root_path)]
    if not matches:
        return None  # under no site: not routable
    root = matches[0]
    several_sites = len({each.site_id for each in roots}) > 1
    current = Site.find_for_request(request) if several_sites else None
    if current is not None:
        root = next((match for match in matches if match.site_id == current.pk), root)
    path = reverse("wagtail_serve", args=(url_path[len(root.root_path) :],))
    if full or (several_sites and (current is None or current.pk != root.site_id)):
        return root.root_url + path
    return path


def terms(query):
    return fts.words(query, MAX_TERMS)


def search(query, filters=None, limit=10, offset=0):
    """Ranked hits for query: every word must match, stemmed ("rolling" finds "roll").

    Whole words first, as people type them. Only when nothing matches is the last word read as
    the start of a word ("foam rol"): slower, and noisier ("arm" would find "armchair").
    """
    words = terms(query)
    if not words:
        return Results()
    filters = filters or Filters()
    for prefix in (fts.WHOLE_WORDS, fts.LAST_WORD):
        rows, total = _page(words, filters, limit, offset, prefix)
        if total:
            return Results(total=total, hits=[Hit(*row) for row in rows])
    return Results()


def _page(words, filters, limit, offset, prefix):
    runner = {fts.SQLITE: _search_sqlite, fts.POSTGRESQL: _search_postgres}.get(
        fts.vendor(), _search_like
    )
    rows, total = runner(words, filters, limit, offset, prefix)
    if total is None and offset:
        # No row on this page: past the end. The first hit alone tells whether any matched.
        total = runner(words, filters, 1, 0, prefix)[1]
    return rows, total or 0


def _search_sqlite(words, filters, limit, offset, prefix):
    # FTS5 ranks fastest on its own table (ORDER BY bm25 ... LIMIT keeps only the best rows);
    # filters narrow it with an IN on the entry table. The total is a plain count, and the
    # entry columns and snippets are read for the page of hits only.
    match = fts.fts5_query(words, prefix)
    clauses, params = filters.where()
    # The unary + keeps FTS5 from using it as an index constraint (see below).
    window, window_params = outside_window("+rowid")
    narrow = f" AND {window}"
    params = [*window_params, *params]
    if clauses:
        # Only fixed SQL fragments from Filters.where(); every value is a parameter. The unary
        # + keeps the IN away from FTS5, which would run the whole MATCH again for each listed
        # id (20 times slower for a body area and difficulty); as a filter on the matches it
        # costs less than ranking them all.
        where = " AND ".join(clauses)
        narrow += f" AND +rowid IN (SELECT e.page_id FROM {ENTRY} e WHERE {where})"  # noqa: S608
    base = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{narrow}"
    rank = f"bm25({FTS_TABLE}, {', '.join(map(str, schema.BM25_WEIGHTS))})"
    ranked = f"SELECT rowid {base} ORDER BY {rank} LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(ranked, [match, *params, limit, offset])
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return [], None
        cursor.execute(f"SELECT count(*) {base}", [match, *params])  # noqa: S608
        total = cursor.fetchone()[0]
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(
            "SELECT page_id, kind, title, summary, '', reading_grade, url_path "  # noqa: S608
            f"FROM {ENTRY} WHERE page_id IN ({marks})",
            ids,
        )
        by_id = {row[0]: row for row in cursor.fetchall()}
    rows = [by_id[page_id] for page_id in ids if page_id in by_id]
    return _with_sqlite_snippets(rows, match), total


def _with_sqlite_snippets(rows, match):
    if not rows:
        return rows
    marks = ", ".join(["%s"] * len(rows))
    sql = f"""
        SELECT rowid, snippet({FTS_TABLE}, 2, %s, %s, '…', 24)
        FROM {FTS_TABLE}
        WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [MARK_START, MARK_END, match, *[row[0] for row in rows]])
        snippets = dict(cursor.fetchall())
    return [(*row[:4], snippets.get(row[0], ""), *row[5:]) for row in rows]


# The headline reads a window of the body around the first place the query's longest stem
# appears: ts_headline parses all the text it is given (50 ms for ten 20,000-character guides).
# 600 characters hold the 30-word headline with room either side; a window that starts
# mid-text drops its first, possibly cut, word.
_HEADLINE_WINDOW = r"""
    CASE WHEN w.at = 1 THEN left(e.body, 600)
         ELSE regexp_replace(substr(e.body, w.at, 600), '^\S*\s+', '') END
"""
_HEADLINE_AT = f"""
    greatest(1, strpos(lower(e.body), (
        SELECT lexeme FROM unnest(to_tsvector('{CONFIG}', %s))
        ORDER BY length(lexeme) DESC, lexeme LIMIT 1
    )) - 150) AS at
"""  # noqa: S608 - CONFIG is a constant


def _search_postgres(words, filters, limit, offset, prefix):
    # One round trip. Every match is ranked on the narrow vector table; the OFFSET 0 keeps
    # ts_rank below the window, so the count runs over (id, rank) pairs in the same pass.
    # Entry columns and a headline are read for the page of hits only.
    clauses, filter_params = filters.where()
    join = f" JOIN {ENTRY} e ON e.page_id = v.page_id" if clauses else ""
    window, window_params = outside_window("v.page_id")
    filter_params = [*filter_params, *window_params]
    where = " AND ".join([f"v.vector @@ to_tsquery('{CONFIG}', %s)", *clauses, window])
    query = fts.tsquery(words, prefix)
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12"
    sql = f"""
        WITH top AS (
            SELECT page_id, rank, count(*) OVER () AS total
            FROM (
                SELECT v.page_id, ts_rank(v.vector, to_tsquery('{CONFIG}', %s)) AS rank
                FROM {VECTORS} v{join} WHERE {where} OFFSET 0
            ) matched
            ORDER BY rank DESC, page_id LIMIT %s OFFSET %s
        )
        SELECT e.page_id, e.kind, e.title, e.summary,
               ts_headline('{CONFIG}', {_HEADLINE_WINDOW}, to_tsquery('{CONFIG}', %s), %s),
               e.reading_grade, e.url_path, top.total
        FROM top JOIN {ENTRY} e ON e.page_id = top.page_id
        CROSS JOIN LATERAL (SELECT {_HEADLINE_AT}) w
        ORDER BY top.rank DESC, top.page_id
    """  # noqa: S608 - only fixed SQL fragments are interpolated; values are parameters
    params = [query, query, *filter_params, limit, offset, query, options, " ".join(words)]
    return _fetch(sql, params)


def _search_like(words, filters, limit, offset, prefix):
    # Other databases: a substring scan, which already matches the starts of words.
    if prefix != fts.WHOLE_WORDS:
        return [], None
    clauses = " AND ".join(
        ["(e.title LIKE %s OR e.summary LIKE %s OR e.body LIKE %s)"] * len(words)
    )
    where_clauses, params = filters.where()
    window, window_params = outside_window("e.page_id")
    params = [*params, *window_params]
    where = " AND ".join([clauses, *where_clauses, window])
    like = [value for word in words for value in (f"%{word}%",) * 3]
    sql = f"""
        SELECT e.page_id, e.kind, e.title, e.summary, '', e.reading_grade, e.url_path,
               count(*) OVER ()
        FROM {ENTRY} e WHERE {where} ORDER BY e.title LIMIT %s OFFSET %s
    """  # noqa: S608
    return _fetch(sql, [*like, *params, limit, offset])


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][-1] if rows else None
    return [row[:-1] for row in rows], total
