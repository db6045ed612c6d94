"""Fast full-text site search, queried directly in the database with ranking and LIMIT there.

Wagtail's default database backend ranks every match and gets slow past a few thousand pages.
Here one table (SearchEntry) holds a plain-text copy of every live, public page plus its filter
values, and the database's own full-text index answers: FTS5 with bm25 on SQLite, a weighted
tsvector with a GIN index and ts_rank on PostgreSQL (see migration 0003). The database ranks
and applies LIMIT; a count, and the columns and snippets of the page of hits, follow in small
queries of their own.
"""

import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from education.models import SearchEntry
from home.text import plain_text

WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
MAX_BODY_CHARS = 60_000
# Private-use characters mark hits in snippets; real text is escaped before they become <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"
KINDS = {
    "routine": "Self-care routine",
    "modality": "Massage type",
    "guide": "Guide",
    "page": "Page",
}


# Indexing ------------------------------------------------------------------------------------


def _field_text(page, field_name):
    value = getattr(page, field_name, None)
    if value is None or callable(value):
        return ""
    try:
        model_field = page._meta.get_field(field_name)
    except Exception:  # a property or method named in search_fields
        model_field = None
    if isinstance(model_field, StreamField):
        return " ".join(str(part) for part in model_field.get_searchable_content(value))
    if isinstance(model_field, RichTextField):
        return plain_text(value)
    return plain_text(value) if isinstance(value, str) else ""


def _body_text(page):
    """Text of the page's own search fields (the ones Wagtail would index), minus title/summary."""
    skip = {"title", "summary", "search_description"}
    parts = []
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name not in skip:
            parts.append(_field_text(page, search_field.field_name))
    return " ".join(part for part in parts if part)[:MAX_BODY_CHARS]


def _taxonomy_text(page):
    terms = page.taxonomy_terms() if hasattr(page, "taxonomy_terms") else ""
    return f" {terms}" if terms else ""


def _slugs(manager):
    slugs = [item.slug for item in manager.all()]
    return f",{','.join(slugs)}," if slugs else ""


def entry_values(page):
    """The SearchEntry columns for a specific page."""
    values = {
        "kind": getattr(page, "template_kind", "page"),
        "title": page.title,
        "summary": getattr(page, "summary", "") or page.search_description or "",
        "body": _body_text(page) + _taxonomy_text(page),
        "body_areas": _slugs(page.body_areas) if hasattr(page, "body_areas") else "",
        "difficulty": getattr(page, "difficulty", "") or "",
        "total_minutes": getattr(page, "total_minutes", None),
        "reading_grade": getattr(page, "reading_grade", None),
    }
    if hasattr(page, "conditions"):
        values["conditions"] = _slugs(page.conditions)
    elif hasattr(page, "indications"):
        values["conditions"] = _slugs(page.indications)
    else:
        values["conditions"] = ""
    return values


def is_searchable(page):
    """Only what anyone may see: live, not the tree root, no view restriction above it."""
    if not page.live or page.depth <= 1:
        return False
    return not PageViewRestriction.objects.filter(
        page__path__in=[page.path[:pos] for pos in range(4, len(page.path) + 1, 4)]
    ).exists()


def index_page(page):
    """Add, refresh or drop the page's entry to match what the public can see now."""
    page = page.specific
    if not is_searchable(page):
        remove_page(page.pk)
        return False
    SearchEntry.objects.update_or_create(page_id=page.pk, defaults=entry_values(page))
    return True


def remove_page(page_id):
    SearchEntry.objects.filter(page_id=page_id).delete()


def index_subtree(page):
    """A view restriction or move changes what is public under page: recheck all of it."""
    for descendant in page.get_descendants(inclusive=True).specific().iterator():
        index_page(descendant)


@transaction.atomic
def rebuild():
    """Re-create every entry from the live pages. Returns how many pages are searchable."""
    SearchEntry.objects.all().delete()
    count = 0
    for page in Page.objects.live().filter(depth__gt=1).specific().iterator():
        count += index_page(page)
    if connection.vendor == "postgresql":
        # Fresh statistics tell the planner how common each word is: a word on most pages is
        # ranked fastest by reading the table straight through rather than through the index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE education_searchentry, education_searchvector")
    return count


# Querying ------------------------------------------------------------------------------------


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


@dataclass
class Hit:
    page_id: int
    kind: str
    title: str
    summary: str
    snippet: str = ""
    reading_grade: float | None = None
    page: Page | None = None

    @property
    def kind_label(self):
        return KINDS.get(self.kind, "Page")

    @property
    def snippet_html(self):
        """The snippet with its hits in <mark>, everything else escaped."""
        text = escape(self.snippet)
        return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


@dataclass
class Results:
    total: int = 0
    hits: list = field(default_factory=list)


def terms(query):
    return WORD_RE.findall(query.lower())[:MAX_TERMS]


def search(query, filters=None, limit=10, offset=0):
    """Ranked hits for query: every word must match, stemmed ("rolling" finds "roll").

    Whole words first, as people type them. Only when nothing matches is the last word read as
    the start of a word ("foam rol"): slower, and noisier ("arm" would find "armchair").
    """
    words = terms(query)
    if not words:
        return Results()
    filters = filters or Filters()
    for prefix in (False, True):
        rows, total = _page(words, filters, limit, offset, prefix)
        if total:
            return Results(total=total, hits=[Hit(*row) for row in rows])
    return Results()


def _page(words, filters, limit, offset, prefix):
    runner = {"sqlite": _search_sqlite, "postgresql": _search_postgres}.get(
        connection.vendor, _search_like
    )
    rows, total = runner(words, filters, limit, offset, prefix)
    if total is None and offset:
        # No row on this page: past the end. The first hit alone tells whether any matched.
        total = runner(words, filters, 1, 0, prefix)[1]
    return rows, total or 0


def _where_sql(match_clause, filters):
    clauses, params = filters.where()
    return " AND ".join([match_clause, *clauses]), params


def _fts5_query(words, prefix):
    # Each word quoted, so FTS5 syntax in user input is inert.
    quoted = [f'"{word}"' for word in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def _search_sqlite(words, filters, limit, offset, prefix):
    # FTS5 ranks fastest on its own table (ORDER BY bm25 ... LIMIT keeps only the best rows);
    # filters narrow it with an IN on the entry table. The total is a plain count, and the
    # entry columns and snippets are read for the page of hits only.
    match = _fts5_query(words, prefix)
    clauses, params = filters.where()
    narrow = ""
    if clauses:
        # Only fixed SQL fragments from Filters.where(); every value is a parameter.
        where = " AND ".join(clauses)
        narrow = f" AND rowid IN (SELECT e.page_id FROM education_searchentry e WHERE {where})"  # noqa: S608
    base = f"FROM education_search_fts WHERE education_search_fts MATCH %s{narrow}"
    rank = "bm25(education_search_fts, 10.0, 4.0, 1.0)"
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
            "SELECT page_id, kind, title, summary, '', reading_grade "  # noqa: S608
            f"FROM education_searchentry WHERE page_id IN ({marks})",
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
        SELECT rowid, snippet(education_search_fts, 2, %s, %s, '…', 24)
        FROM education_search_fts
        WHERE education_search_fts MATCH %s AND rowid IN ({marks})
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [MARK_START, MARK_END, match, *[row[0] for row in rows]])
        snippets = dict(cursor.fetchall())
    return [(*row[:4], snippets.get(row[0], ""), *row[5:]) for row in rows]


def _tsquery(words, prefix):
    # Words are \w+ only, so quoting them makes each a single lexeme.
    quoted = [f"'{word}'" for word in words]
    if prefix:
        quoted[-1] += ":*"
    return " & ".join(quoted)


# The headline reads a window of the body around the first place the query's longest stem
# appears: ts_headline parses all the text it is given (50 ms for ten 20,000-character guides).
# 600 characters hold the 30-word headline with room either side; a window that starts
# mid-text drops its first, possibly cut, word.
_HEADLINE_WINDOW = r"""
    CASE WHEN w.at = 1 THEN left(e.body, 600)
         ELSE regexp_replace(substr(e.body, w.at, 600), '^\S*\s+', '') END
"""
_HEADLINE_AT = """
    greatest(1, strpos(lower(e.body), (
        SELECT lexeme FROM unnest(to_tsvector('english', %s))
        ORDER BY length(lexeme) DESC, lexeme LIMIT 1
    )) - 150) AS at
"""


def _search_postgres(words, filters, limit, offset, prefix):
    # One round trip. Every match is ranked on the narrow vector table (migration 0005); the
    # OFFSET 0 keeps ts_rank below the window, so the count runs over (id, rank) pairs in the
    # same pass. Entry columns and a headline are read for the page of hits only.
    clauses, filter_params = filters.where()
    join = " JOIN education_searchentry e ON e.page_id = v.page_id" if clauses else ""
    where = " AND ".join(["v.vector @@ to_tsquery('english', %s)", *clauses])
    query = _tsquery(words, prefix)
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12"
    sql = f"""
        WITH top AS (
            SELECT page_id, rank, count(*) OVER () AS total
            FROM (
                SELECT v.page_id, ts_rank(v.vector, to_tsquery('english', %s)) AS rank
                FROM education_searchvector v{join} WHERE {where} OFFSET 0
            ) matched
            ORDER BY rank DESC, page_id LIMIT %s OFFSET %s
        )
        SELECT e.page_id, e.kind, e.title, e.summary,
               ts_headline('english', {_HEADLINE_WINDOW}, to_tsquery('english', %s), %s),
               e.reading_grade, top.total
        FROM top JOIN education_searchentry e ON e.page_id = top.page_id
        CROSS JOIN LATERAL (SELECT {_HEADLINE_AT}) w
        ORDER BY top.rank DESC, top.page_id
    """  # noqa: S608 - only fixed SQL fragments are interpolated; values are parameters
    params = [query, query, *filter_params, limit, offset, query, options, " ".join(words)]
    return _fetch(sql, params)


def _search_like(words, filters, limit, offset, prefix):
    # Other databases: a substring scan, which already matches the starts of words.
    if prefix:
        return [], None
    clauses = " AND ".join(
        ["(e.title LIKE %s OR e.summary LIKE %s OR e.body LIKE %s)"] * len(words)
    )
    where, params = _where_sql(clauses, filters)
    like = [value for word in words for value in (f"%{word}%",) * 3]
    sql = f"""
        SELECT e.page_id, e.kind, e.title, e.summary, '', e.reading_grade, count(*) OVER ()
        FROM education_searchentry e WHERE {where} ORDER BY e.title LIMIT %s OFFSET %s
    """  # noqa: S608
    return _fetch(sql, [*like, *params, limit, offset])


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][-1] if rows else None
    return [row[:-1] for row in rows], total
