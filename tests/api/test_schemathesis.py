"""Schemathesis fuzzes every GET operation of /api/v1/ against its own OpenAPI document: no 5xx,
and every response (200s and problem JSON alike) conforms to the schema the document declares.

The document is the one /api/v1/openapi.json serves (built without a request, at collection,
when there is no database yet); the requests go to the Django WSGI app inside each test, on
whatever database the suite runs on, with a little of every kind of content so that listings
and searches have results. Bounded: 25 derandomized examples per operation, no deadline.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from config.api import api
from tests.directory import factories as directory_factories
from tests.education import factories

# The fuzzing phase (max_examples of valid and invalid data), not the coverage phase, whose
# number of cases grows with the parameters (the directory search has twenty) and is unbounded.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
# The JSON round trip turns ninja's int status keys into strings, as the served document has.
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder)), config=CONFIG
)
schema.app = get_wsgi_application()


@pytest.fixture
def content(sections, taxonomy):
    factories.routine(sections["routines"], "Neck release", body_areas=[taxonomy["neck"]])
    factories.guide(sections["guides"])
    directory_factories.listed_therapist(locations=[directory_factories.location_at(25.77, -80.19)])
    # As Django's test client does: the start and end of each request must not close the
    # connection that holds the test's transaction (PostgreSQL would lose it; SQLite's
    # in-memory database is never closed).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.include(method="GET").parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_get_operation_conforms_to_the_document(case, content):
    # Schemathesis asks for gzip as requests does, but its WSGI client does not decompress.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, response_schema_conformance],
    )
