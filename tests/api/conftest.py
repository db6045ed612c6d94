from tests.education.conftest import sections, taxonomy  # noqa: F401 (the same fixtures here)
