"""The OpenAPI document of /api/v1/ is complete and does not drift unnoticed.

The document is compared with the committed tests/api/openapi.json. After a deliberate change
(a new endpoint, a new parameter, a reworded description), rewrite the snapshot with

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py

and review its diff in the commit like any other code.
"""

import json
import os
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).with_name("openapi.json")
UPDATE_COMMAND = "UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def as_text(document):
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def differences(old, new, where="", limit=20):
    """JSON pointers where `old` and `new` differ, at most `limit`."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(old.keys() | new.keys()):
            pointer = f"{where}/{key.replace('~', '~0').replace('/', '~1')}"
            if key not in old or key not in new:
                found.append(f"{pointer} ({'added' if key in new else 'removed'})")
            else:
                found += differences(old[key], new[key], pointer, limit)
            if len(found) >= limit:
                break
        return found[:limit]
    return [] if old == new else [where or "/"]


def test_the_document_matches_the_snapshot(document):
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT"):
        SNAPSHOT.write_text(as_text(document), encoding="utf-8")
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = differences(snapshot, document)
    assert not changed, (
        f"/api/v1/openapi.json differs from {SNAPSHOT.name} at {', '.join(changed)}. "
        f"If the change is meant, rewrite the snapshot with `{UPDATE_COMMAND}` and commit it."
    )


def test_the_snapshot_is_written_as_the_update_writes_it(document):
    # A hand edit that parses the same but is formatted differently would make the next
    # update's diff noisy.
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert SNAPSHOT.read_text(encoding="utf-8") == as_text(snapshot)


def test_the_api_is_version_1_and_lives_under_v1(document):
    assert document["info"]["version"] == "1"
    assert document["openapi"].startswith("3.1")
    assert all(path.startswith("/api/v1/") for path in document["paths"])


def test_every_operation_declares_a_200_response_schema(document):
    missing = [
        name
        for name, operation in operations(document)
        if not all(
            media.get("schema")
            for media in operation["responses"].get("200", {}).get("content", {"": {}}).values()
        )
    ]
    assert not missing, f"operations without a 200 response schema: {missing}"


def test_every_query_parameter_has_a_description(document):
    missing = [
        f"{name} ?{parameter['name']}"
        for name, operation in operations(document)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and not parameter.get("description", "").strip()
    ]
    assert not missing, f"query parameters without a description: {missing}"


@pytest.mark.parametrize("status", ["400", "401", "403", "429"])
def test_every_operation_documents_its_errors_as_problem_json(document, status):
    for name, operation in operations(document):
        content = operation["responses"][status]["content"]
        assert content == {"application/problem+json": {"schema": PROBLEM_REF}}, name


def test_detail_operations_document_their_404(document):
    for path in (
        "/api/v1/education/pages/{page_id}",
        "/api/v1/videos/{video_id}",
        "/api/v1/directory/therapists/{slug}",
        "/api/v1/directory/clinics/{slug}",
    ):
        assert "404" in document["paths"][path]["get"]["responses"], path


def test_the_problem_schema_names_the_rfc_9457_members(document):
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail"} <= set(problem["required"])
    assert {"errors", "field"} <= set(problem["properties"])


def test_the_directory_search_parameters_are_typed(document):
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/api/v1/directory/search"]["get"]["parameters"]
    }
    assert {"q", "lat", "lng", "radius", "unit", "page_size", "accepting"} <= set(parameters)
    page_size = parameters["page_size"]["schema"]["anyOf"][0]
    assert page_size["type"] == "integer" and page_size["maximum"] == 50
    assert parameters["unit"]["schema"]["anyOf"][0]["enum"] == ["km", "mi"]
