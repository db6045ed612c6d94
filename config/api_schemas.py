"""The response schemas every operation of /api/v1/ shares: RFC 9457 problem details.

`responses(Schema, 404)` is what an operation passes to ninja as `response=`: its 200 schema and
`Problem` for the errors it can answer, so the OpenAPI document lists them all (config/api.py
serves them as `application/problem+json`).
"""

from ninja import Schema
from pydantic import ConfigDict, Field

# Any operation can answer these: a bad or repeated parameter (400), a partner token that is
# unknown, revoked or expired (401) or outside its scope (403), and the rate limit (429).
COMMON_PROBLEMS = (400, 401, 403, 429)


class ProblemError(Schema):
    name: str = Field(description="The parameter, as it is named in the query string or path.")
    reason: str = Field(description="What is wrong with its value, in words.")


class Problem(Schema):
    """RFC 9457 problem details. Some problems carry more members (a 410 names `restart_url`)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="about:blank: the status says what kind of problem it is.")
    title: str = Field(description="The status's phrase, such as Bad Request.")
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="What went wrong with this request, in words.")
    errors: list[ProblemError] | None = Field(
        None, description="On a 400: every bad parameter, the first one first."
    )
    field: str | None = Field(None, description="On a 400: the first bad parameter's name.")


def responses(schema, *statuses):
    """ninja's `response=`: `schema` for 200, Problem for the common errors and `statuses`."""
    return {200: schema, **dict.fromkeys(sorted({*COMMON_PROBLEMS, *statuses}), Problem)}
