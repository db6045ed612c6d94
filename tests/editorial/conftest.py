import pytest

from tests.education import factories


@pytest.fixture
def sections(home_page):
    return factories.sections(home_page)
