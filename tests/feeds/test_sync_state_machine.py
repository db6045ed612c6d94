"""Delta sync, proved by a state machine (hypothesis): editors, board checks and the clock do
random things, partners sync from random cursors (and from scratch), and every partner must end
with exactly the public set and exactly its current JSON. Runs on SQLite and PostgreSQL.

The events: publish a new routine, edit one, republish it unchanged, edit a snippet it embeds
(a condition's codes), unpublish, delete, move it under a restricted section and back, add or
lift a view restriction, schedule its expiry, add a listed therapist, revoke or suspend a
licence, and move the clock forward (past expiries and licence expiry days).
"""

import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import Page, PageViewRestriction

from directory.models import Therapist
from education.models import RoutineIndexPage, SelfCareRoutinePage
from feeds import changelog
from tests.directory.factories import LicenceFactory, TherapistFactory
from tests.education import factories

CHANGES = "/api/v1/changes"
START = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def comparable(item):
    """What a partner must hold exactly: the item less what moves on an unchanged republish."""
    return changelog.digest_of({k: v for k, v in item.items() if k != "id"}).hexdigest()


class Partner:
    def __init__(self):
        self.items, self.cursor = {}, None

    def copy(self):
        other = Partner()
        other.items, other.cursor = dict(self.items), self.cursor
        return other

    def sync(self, client):
        while True:
            params = {"limit": 7}
            if self.cursor:
                params["cursor"] = self.cursor
            response = client.get(CHANGES, params)
            assert response.status_code == 200, response.content
            data = response.json()
            for change in data["changes"]:
                if change["op"] == "upsert":
                    assert change["item"]["id"] == change["id"]
                    self.items[change["id"]] = change["item"]
                else:
                    assert change["tombstone"]["reason"]
                    self.items.pop(change["id"], None)
            self.cursor = data["next_cursor"]
            if not data["has_more"]:
                return


class FeedMachine(RuleBasedStateMachine):
    pages = Bundle("pages")
    therapists = Bundle("therapists")

    def __init__(self):
        super().__init__()
        self.partner = Partner()
        self.snapshots = []  # partners as they were at earlier cursors
        self.set_up()

    # Set-up ------------------------------------------------------------------------------

    def set_up(self):
        self.now = START
        self.clock = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)
        self.clock.start()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        home = Page.objects.get(pk=HOME["id"])
        with self.committed():
            self.sections = factories.sections(home)
            self.private = factories.publish(
                home, RoutineIndexPage(title="Staff only", slug="staff")
            )
            PageViewRestriction.objects.create(
                page=self.private, restriction_type=PageViewRestriction.LOGIN
            )
        self.conditions = [
            factories.ConditionFactory(name="Neck pain", slug="neck-pain", icd10cm_codes="M54.2"),
            factories.ConditionFactory(name="Soreness", slug="soreness", icd10cm_codes="M79.1"),
        ]
        self.counter = 0

    @initialize(target=pages)
    def first_routine(self):
        return self.publish_new(condition=0, expires_in=None)

    @initialize(target=therapists)
    def first_therapist(self):
        return self.list_therapist(expires_in_days=2)

    def teardown(self):
        if hasattr(self, "atomic"):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            self.clock.stop()

    def committed(self):
        """What happens inside is committed, as a request's work is: the on-commit refreshes
        run (the test's own transaction never commits)."""
        return TestCase.captureOnCommitCallbacks(execute=True)

    # Editors -----------------------------------------------------------------------------

    @rule(target=pages, condition=st.integers(0, 1), expires_in=st.none() | st.integers(1, 72))
    def publish_new(self, condition, expires_in):
        self.counter += 1
        extra = {}
        if expires_in:
            extra["expire_at"] = self.now + datetime.timedelta(hours=expires_in)
        with self.committed():
            page = factories.routine(
                self.sections["routines"],
                title=f"Routine {self.counter}",
                conditions=[self.conditions[condition]],
                **extra,
            )
        return page.pk

    @rule(page=pages, words=st.sampled_from(["gently", "slowly", "twice"]))
    def edit(self, page, words):
        page = self.live_page(page)
        if page is None:
            return
        page.summary = f"A routine to do {words}, {self.counter}."
        self.counter += 1
        with self.committed():
            page.save_revision().publish()

    @rule(page=pages)
    def republish_unchanged(self, page):
        page = self.live_page(page)
        if page is not None:
            with self.committed():
                page.save_revision().publish()

    @rule(condition=st.integers(0, 1), code=st.sampled_from(["M54.2", "M54.20", "M79.10"]))
    def edit_snippet(self, condition, code):
        snippet = self.conditions[condition]
        snippet.icd10cm_codes = code
        with self.committed():
            snippet.save()

    @rule(page=pages)
    def unpublish(self, page):
        page = self.live_page(page)
        if page is not None:
            with self.committed():
                page.unpublish()

    @rule(page=consumes(pages))
    def delete(self, page):
        page = SelfCareRoutinePage.objects.filter(pk=page).first()
        if page is not None:
            with self.committed():
                page.delete()

    @rule(page=pages, private=st.booleans())
    def move(self, page, private):
        page = SelfCareRoutinePage.objects.filter(pk=page).first()
        if page is None:
            return
        target = self.private if private else self.sections["routines"]
        with self.committed():
            page.move(Page.objects.get(pk=target.pk), pos="last-child")

    @rule(page=pages, restrict=st.booleans())
    def privacy(self, page, restrict):
        restrictions = PageViewRestriction.objects.filter(page_id=page)
        with self.committed():
            if restrict and not restrictions.exists():
                if SelfCareRoutinePage.objects.filter(pk=page).exists():
                    PageViewRestriction.objects.create(
                        page_id=page, restriction_type=PageViewRestriction.LOGIN
                    )
            elif not restrict:
                for restriction in restrictions:
                    restriction.delete()

    # The directory -------------------------------------------------------------------------

    @rule(target=therapists, expires_in_days=st.integers(1, 5))
    def list_therapist(self, expires_in_days):
        self.counter += 1
        with self.committed():
            therapist = TherapistFactory(name=f"Therapist {self.counter}")
            LicenceFactory(
                therapist=therapist,
                expires_on=timezone.localdate() + datetime.timedelta(days=expires_in_days),
                verified_at=self.now,
            )
            therapist.save()
        return therapist.pk

    @rule(therapist=therapists, status=st.sampled_from(["revoked", "suspended", "active"]))
    def licence_status(self, therapist, status):
        therapist = Therapist.objects.filter(pk=therapist).first()
        if therapist is None:
            return
        with self.committed():
            for licence in therapist.licences.all():
                licence.status = status
                licence.save()
            therapist.save()

    # The clock and the partners -------------------------------------------------------------

    @rule(hours=st.sampled_from([1, 6, 25, 49]))
    def advance_clock(self, hours):
        self.now += datetime.timedelta(hours=hours)

    @rule()
    def partner_syncs(self):
        self.snapshots.append(self.partner.copy())
        self.partner.sync(self.client)
        self.check(self.partner)

    @rule(data=st.data())
    def partner_syncs_from_an_old_cursor(self, data):
        if not self.snapshots:
            return
        partner = data.draw(st.sampled_from(self.snapshots)).copy()
        partner.sync(self.client)
        self.check(partner)

    @rule()
    def new_partner_syncs_from_scratch(self):
        partner = Partner()
        partner.sync(self.client)
        self.check(partner)

    @invariant()
    def log_sequence_is_the_state(self):
        if hasattr(self, "atomic"):
            from feeds.models import FeedEntry, FeedState

            last = FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
            assert last is None or last <= FeedState.objects.get(pk=1).last_seq

    # Helpers -------------------------------------------------------------------------------

    def live_page(self, pk):
        page = SelfCareRoutinePage.objects.filter(pk=pk).first()
        return page if page is not None and page.live else None

    def expected(self):
        """{urn: comparable item} of what the public sees now, built afresh."""
        from feeds.models import FeedEntry

        uuids = {
            (kind, object_id): f"urn:uuid:{uuid}"
            for kind, object_id, uuid in FeedEntry.objects.values_list("kind", "object_id", "uuid")
        }
        found = {}
        for kind, source in changelog.sources().items():
            ids = list(source.public_ids(kind))
            for object_id, built in source.build(kind, ids).items():
                urn = uuids[(kind, object_id)]  # every public object has an entry
                found[urn] = comparable(built.item)
        return found

    def check(self, partner):
        held = {urn: comparable(item) for urn, item in partner.items.items()}
        expected = self.expected()
        assert set(held) == set(expected), "the partner holds the wrong set of items"
        assert held == expected, "the partner holds an outdated copy"


HOME = {}


@pytest.mark.django_db
def test_partners_converge_to_the_public_set(client, home_page, django_db_blocker):
    HOME["id"] = home_page.pk
    FeedMachine.client = client
    run_state_machine_as_test(
        FeedMachine,
        settings=settings(
            max_examples=10,
            stateful_step_count=25,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
