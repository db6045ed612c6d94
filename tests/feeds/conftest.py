import pytest

from tests.education import factories


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A context manager: what happens inside it is committed, as a request's work is, so the
    change log's on-commit refreshes run (the test's own transaction never commits)."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture
def sections(home_page, committed):
    with committed():
        return factories.sections(home_page)


@pytest.fixture
def taxonomy(db):
    return factories.taxonomy()
