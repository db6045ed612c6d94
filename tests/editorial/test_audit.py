"""What the editorial issue asks the audit log to hold, and who it names: tokens created and
revoked by a partner manager, approvals and requests for changes with their comment (those are
in tests/editorial/test_workflow.py), overrides and held-back schedules (test_rules.py),
licence changes (tests/directory/test_audit.py)."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from feeds.models import ApiToken
from tests.editorial.test_roles import member_of
from tests.feeds.factories_partners import PartnerFactory
from tests.feeds.test_partners_admin import TOKENS, create_token

pytestmark = pytest.mark.django_db


def test_tokens_created_and_revoked_are_logged_with_the_partner_manager():
    manager = member_of("Partner managers")
    client = Client()
    client.force_login(manager)
    assert create_token(client, PartnerFactory(name="Harbour Clinic")).status_code == 200
    token = ApiToken.objects.get()
    assert client.post(f"{TOKENS}delete/{token.pk}/").status_code == 302
    entries = ModelLogEntry.objects.filter(object_id=str(token.pk)).order_by("id")
    assert [(entry.action, entry.user) for entry in entries] == [
        ("wagtail.apitoken.create", manager),
        ("wagtail.apitoken.revoke", manager),
    ]
    history = client.get(f"{TOKENS}history/{token.pk}/").content.decode()
    assert "API token created" in history and "API token revoked" in history
