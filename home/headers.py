"""Response headers that must agree with each other on every response.

`FrameAncestorsMiddleware`: the CSP `frame-ancestors` directive says what X-Frame-Options says,
on every response (the admin included, which django-csp leaves out). Hand-written because
django-csp sets a policy per view or globally, but cannot derive one directive from another
header a view chose (Wagtail's preview views set SAMEORIGIN themselves).
"""

from django.conf import settings


class FrameAncestorsMiddleware:
    """Makes CSP `frame-ancestors` agree with X-Frame-Options: 'none' for DENY, 'self' for
    SAMEORIGIN (Wagtail's preview views, which its admin shows in an iframe).

    Sits between XFrameOptionsMiddleware and django-csp's middleware, so it sees the policy
    django-csp wrote and the X-Frame-Options a view set, before the default is added.
    """

    ANCESTORS = {"DENY": "'none'", "SAMEORIGIN": "'self'"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "xframe_options_exempt", False):
            ancestors = None  # framing allowed anywhere: no X-Frame-Options, no frame-ancestors
        else:
            option = response.get("X-Frame-Options", settings.X_FRAME_OPTIONS).upper()
            ancestors = self.ANCESTORS.get(option, "'none'")
        policy = with_frame_ancestors(response.get("Content-Security-Policy", ""), ancestors)
        if policy:
            response["Content-Security-Policy"] = policy
        elif "Content-Security-Policy" in response:
            del response["Content-Security-Policy"]
        return response


def with_frame_ancestors(policy, ancestors):
    """The policy with its frame-ancestors directive replaced (or dropped, for None)."""
    directives = [
        directive.strip()
        for directive in policy.split(";")
        if directive.strip() and directive.split()[0].lower() != "frame-ancestors"
    ]
    if ancestors:
        directives.append(f"frame-ancestors {ancestors}")
    return "; ".join(directives)
