"""Directory listings follow their go-live and expiry dates, as education pages do: not public
before go-live, public from the run of `publish_scheduled` (every minute in production) after
it, gone at expiry, and the change feed says so. Running the command twice changes nothing."""

import datetime
import io
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from directory.models import Therapist
from tests.directory.factories import listed_therapist

from .test_changelog import sync

HOUR = datetime.timedelta(hours=1)


def run_schedule(at):
    """publish_scheduled as it runs when the clock says `at`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled", stdout=io.StringIO())


def test_a_listing_goes_live_at_its_time_and_leaves_at_its_expiry(client, db, committed):
    start = timezone.now()
    with committed():
        therapist = listed_therapist(live=False)
        therapist.go_live_at = start + HOUR
        therapist.expire_at = start + 3 * HOUR
        therapist.save_revision().publish()
    therapist.refresh_from_db()
    assert not therapist.live and not Therapist.objects.public().exists()
    changes, cursor = sync(client, type="therapist")
    assert changes == []

    with committed():
        run_schedule(start + 30 * datetime.timedelta(minutes=1))  # not yet
    assert not Therapist.objects.public().exists()

    with committed():
        run_schedule(start + 2 * HOUR)
    assert Therapist.objects.public().get() == therapist
    changes, cursor = sync(client, cursor, type="therapist")
    assert [c["op"] for c in changes] == ["upsert"]

    with committed():
        run_schedule(start + 4 * HOUR)
    therapist.refresh_from_db()
    assert not therapist.live and therapist.expired
    assert not Therapist.objects.public().exists()
    changes, cursor = sync(client, cursor, type="therapist")
    assert [c["op"] for c in changes] == ["delete"]

    with committed():
        run_schedule(start + 4 * HOUR)  # twice: nothing more happens
    assert sync(client, cursor, type="therapist")[0] == []
