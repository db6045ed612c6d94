"""RFC 9457 problem details for every error the public API (/api/v1/) answers.

`ApiProblem` is raised anywhere below an operation (feeds, tokens, throttles) and answered by
the one handler in config/api.py as `application/problem+json`, with `type`, `title`,
`status`, `detail`, any extra members (a 410 names `restart_url`; a 400 lists `errors`) and
the headers it carries (`Retry-After` on a 429).
"""

from http import HTTPStatus

from django.http import JsonResponse


class ApiProblem(Exception):
    def __init__(self, status, detail, *, title=None, headers=None, **extra):
        super().__init__(detail)
        self.status = int(status)
        self.title = title or HTTPStatus(self.status).phrase
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_json(status, detail, *, title=None, headers=None, **extra):
    """The problem response itself: `type` is about:blank, as RFC 9457 advises when the status
    says what kind of problem it is."""
    body = {
        "type": "about:blank",
        "title": title or HTTPStatus(int(status)).phrase,
        "status": int(status),
        "detail": detail,
        **extra,
    }
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def problem_for(exc):
    return problem_json(exc.status, exc.detail, title=exc.title, headers=exc.headers, **exc.extra)
