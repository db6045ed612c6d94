"""Deleting a therapist drops their search document (directory/signals.py): the search tables
have no foreign key that would cascade."""

import pytest
from django.db import connection

from directory.search_index import FTS_TABLE, PG_TABLE

from .factories import listed_therapist

pytestmark = pytest.mark.django_db


def documents(therapist_id):
    table, key = (
        (PG_TABLE, "therapist_id") if connection.vendor == "postgresql" else (FTS_TABLE, "rowid")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {key} = %s", [therapist_id])  # noqa: S608
        return cursor.fetchone()[0]


def test_deleting_a_therapist_drops_their_search_document():
    therapist = listed_therapist(name="Zebulon Quist")
    kept = listed_therapist(name="Maria Lopez")
    assert documents(therapist.pk) == 1
    therapist_id = therapist.pk
    therapist.delete()
    assert documents(therapist_id) == 0
    assert documents(kept.pk) == 1
