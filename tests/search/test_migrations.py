"""The move of the search entries out of education (search 0001, education 0006) keeps them,
with their full-text index, forwards and backwards: on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search import ranking
from tests.education import factories

# Migrating runs DDL, which SQLite refuses inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("search", None), ("education", "0005_search_vector_table")]
OLD_MATCH = {
    "sqlite": "SELECT rowid FROM education_search_fts WHERE education_search_fts MATCH 'zebrawood'",
    "postgresql": "SELECT page_id FROM education_searchvector "
    "WHERE vector @@ to_tsquery('english', 'zebrawood')",
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_entries_move_to_the_search_app_and_back(sections):
    guide = factories.guide(sections["guides"], "Zebrawood guide")
    try:
        migrate(BEFORE)  # as a database made before the move
        with connection.cursor() as cursor:
            cursor.execute(OLD_MATCH[connection.vendor])
            assert cursor.fetchall() == [(guide.pk,)]
            cursor.execute(
                "UPDATE education_searchentry SET title = 'Zebrawood, as it was' "
                "WHERE page_id = %s",
                [guide.pk],
            )
        migrate(latest())
        assert "education_searchentry" not in connection.introspection.table_names()
        hits = ranking.search("zebrawood").hits
        assert [(hit.page_id, hit.url_path) for hit in hits] == [(guide.pk, guide.url_path)]
        assert hits[0].title == "Zebrawood, as it was"  # the row moved, nothing re-indexed
    finally:
        migrate(latest())
