"""Admin hooks only. Importing viewsets registers the Partners snippets (partners and API
tokens) at start-up; the token log actions are Wagtail's own (wagtail.apitoken.create and
wagtail.apitoken.revoke), so no hook registers new ones."""

from feeds import viewsets  # noqa: F401  (registers the Partners snippet group)
