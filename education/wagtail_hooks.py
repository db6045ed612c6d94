"""Admin hooks only. The Education snippets register themselves in viewsets.py (imported
here so Wagtail finds them); the reports on education pages are the editorial app's."""

from education import viewsets  # noqa: F401
