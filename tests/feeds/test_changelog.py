"""The change log: what editors do becomes upserts and tombstones in one sequence, written
only when something a partner sees changed, with a stable id per object."""

import datetime
import importlib
import json
from unittest import mock

from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from education.models import RoutineIndexPage
from feeds import changelog, reading
from feeds.models import FeedEntry, FeedState
from tests.education import factories

CHANGES = "/api/v1/changes"


def entry_of(page, kind="routine"):
    return FeedEntry.objects.get(kind=kind, object_id=page.pk)


def sync(client, cursor=None, **params):
    """Every change from `cursor` to now: (changes, last cursor)."""
    changes = []
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        data = client.get(CHANGES, query).json()
        changes += data["changes"]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return changes, cursor


def test_publishing_adds_an_item_with_a_stable_id(client, sections, committed):
    with committed():
        page = factories.routine(sections["routines"])
    entry = entry_of(page)
    item = json.loads(entry.body)
    assert item["id"] == f"urn:uuid:{entry.uuid}"
    assert item["title"] == "Neck release"
    assert item["url"].startswith("http://testserver/")
    assert item["_fascia"]["type"] == "routine"
    changes, _cursor = sync(client)
    assert [(c["op"], c["id"]) for c in changes if c["type"] == "routine"] == [
        ("upsert", item["id"])
    ]


def test_republishing_unchanged_writes_no_change(sections, committed):
    with committed():
        page = factories.routine(sections["routines"])
    before = entry_of(page).seq
    with committed():
        page.save_revision().publish()
    assert entry_of(page).seq == before


def test_an_edit_is_an_upsert_under_the_same_id(sections, committed):
    with committed():
        page = factories.routine(sections["routines"])
    first = entry_of(page)
    page.title = "Neck release, longer"
    with committed():
        page.save_revision().publish()
    second = entry_of(page)
    assert second.uuid == first.uuid and second.seq > first.seq
    assert json.loads(second.body)["title"] == "Neck release, longer"


def test_unpublish_is_a_tombstone_and_republish_keeps_the_id(client, sections, committed):
    with committed():
        page = factories.routine(sections["routines"])
    _changes, cursor = sync(client)
    uuid = entry_of(page).uuid
    with committed():
        page.unpublish()
    changes, cursor = sync(client, cursor)
    assert [(c["op"], c["tombstone"]["reason"]) for c in changes] == [("delete", "unpublished")]
    assert changes[0]["tombstone"]["id"] == f"urn:uuid:{uuid}"
    with committed():
        page.save_revision().publish()
    changes, _cursor = sync(client, cursor)
    assert [(c["op"], c["id"]) for c in changes] == [("upsert", f"urn:uuid:{uuid}")]


def test_delete_and_restriction_give_their_reasons(client, sections, committed):
    with committed():
        kept = factories.routine(sections["routines"], title="Calf stretch")
        gone = factories.routine(sections["routines"])
    _changes, cursor = sync(client)
    with committed():
        PageViewRestriction.objects.create(
            page=kept, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        gone.delete()
    changes, _cursor = sync(client, cursor)
    reasons = {c["tombstone"]["reason"] for c in changes if c["op"] == "delete"}
    assert reasons == {"made_private", "deleted"}
    assert not [c for c in changes if c["op"] == "upsert"]


def test_expiry_is_checked_when_read(client, sections, committed):
    expires = timezone.now() + datetime.timedelta(hours=1)
    with committed():
        page = factories.routine(sections["routines"], expire_at=expires)
    _changes, cursor = sync(client)
    assert entry_of(page).valid_until == expires
    later = expires + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        feed = client.get("/api/v1/feeds/education.json").json()
        changes, _cursor = sync(client, cursor)
    assert feed["items"] == []
    assert [(c["op"], c["tombstone"]["reason"]) for c in changes] == [("delete", "expired")]
    assert changes[0]["tombstone"]["deleted_at"].startswith(expires.isoformat()[:19])


def test_snippet_edit_refreshes_the_items_that_embed_it(sections, taxonomy, committed):
    with committed():
        page = factories.routine(sections["routines"], conditions=[taxonomy["neck_pain"]])
    before = entry_of(page).seq
    condition = taxonomy["neck_pain"]
    condition.icd10cm_codes = "M54.20"
    with committed():
        condition.save()
    entry = entry_of(page)
    assert entry.seq > before
    codes = json.loads(entry.body)["_fascia"]["conditions"][0]
    assert "M54.20" in json.dumps(codes)


def test_rebuild_writes_only_differences(sections, committed, capsys):
    with committed():
        page = factories.routine(sections["routines"])
    FeedEntry.objects.filter(pk=entry_of(page).pk).update(digest="stale")
    call_command("rebuild_feeds")
    assert "1 updated" in capsys.readouterr().out
    seq = entry_of(page).seq
    call_command("rebuild_feeds")
    out = capsys.readouterr().out
    assert "0 added, 0 updated, 0 removed" in out
    assert entry_of(page).seq == seq


def test_sync_feeds_is_harmless_twice_and_prunes_old_tombstones(client, sections, committed):
    with committed():
        page = factories.routine(sections["routines"])
    cursor = client.get("/api/v1/changes").json()["next_cursor"]
    with committed():
        page.delete()
    old = timezone.now() - datetime.timedelta(days=91)
    FeedEntry.objects.filter(is_deleted=True).update(changed_at=old)
    call_command("sync_feeds")
    call_command("sync_feeds")
    assert not FeedEntry.objects.filter(is_deleted=True).exists()
    state = FeedState.objects.get(pk=1)
    assert state.pruned_through_seq > 0
    # A partner whose cursor is older than the pruned tombstone must start again.
    assert client.get("/api/v1/changes", {"cursor": cursor}).status_code == 410


def test_sequence_is_allocated_in_order(sections, committed):
    with committed():
        first = factories.routine(sections["routines"], title="A one")
        second = factories.routine(sections["routines"], title="B two")
    assert entry_of(first).seq < entry_of(second).seq
    assert FeedState.objects.get(pk=1).last_seq == FeedEntry.objects.latest("seq").seq


def test_a_hidden_object_never_seen_writes_nothing(sections, committed):
    with committed():
        page = factories.routine(sections["routines"])
    FeedEntry.objects.all().delete()
    page.unpublish()
    report = changelog.refresh("routine", [page.pk], "unpublished")
    assert report.counts["unchanged"] == 1
    assert not FeedEntry.objects.exists()


def test_a_move_under_a_restricted_section_is_moved_out(client, home_page, sections, committed):
    with committed():
        page = factories.routine(sections["routines"])
        staff = factories.publish(home_page, RoutineIndexPage(title="Staff", slug="staff"))
        PageViewRestriction.objects.create(page=staff, restriction_type=PageViewRestriction.LOGIN)
    _changes, cursor = sync(client)
    with committed():
        page.move(staff, pos="last-child")
    changes, _cursor = sync(client, cursor)
    assert [(c["op"], c["tombstone"]["reason"]) for c in changes] == [("delete", "moved_out")]


def test_a_change_past_its_time_reads_as_a_tombstone_before_expiry_is_written(sections, committed):
    """Between the state read and the page read an item may pass its time: the page says it
    is gone (and the next read writes the tombstone)."""
    expires = timezone.now() + datetime.timedelta(hours=1)
    with committed():
        page = factories.routine(sections["routines"], expire_at=expires)
    later = expires + datetime.timedelta(seconds=1)
    page_read = reading.change_page(0, 10, kinds=["routine"], now=later)
    assert not page_read.more
    changes = json.loads(b"[" + b"".join(page_read.pieces) + b"]")
    assert [(c["op"], c["tombstone"]["reason"], c["id"]) for c in changes] == [
        ("delete", "expired", entry_of(page).urn)
    ]
    assert changes[0]["tombstone"]["deleted_at"].startswith(expires.isoformat()[:19])


def test_rows_from_before_the_envelope_head_column_get_theirs(client, sections, committed):
    """feeds 0003 fills the stored head of each change (what a change page joins to its body)
    for rows written before the column, as a write now stores it: live and deleted alike."""
    fill = importlib.import_module("feeds.migrations.0003_envelope_head").fill_envelope_heads
    with committed():
        kept = factories.routine(sections["routines"])
        gone = factories.routine(sections["routines"], title="Jaw release")
    with committed():
        gone.unpublish()
    written = dict(FeedEntry.objects.values_list("pk", "envelope_head"))
    before, _cursor = sync(client)
    FeedEntry.objects.update(envelope_head="")
    fill(django_apps, None)
    assert dict(FeedEntry.objects.values_list("pk", "envelope_head")) == written
    assert entry_of(gone).envelope_head.startswith('{"op":"delete","id":"urn:uuid:')
    assert entry_of(kept).envelope_head.endswith(',"type":"routine","item":')
    assert sync(client)[0] == before
