"""The test suite: fast hashing, in-process tasks, a private cache; DATABASE_URL picks the DB."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Failures counted on the cache, as production with Redis counts them; a test process is one
# process, so its local-memory cache is shared enough (axes warns about it for real servers).
# tests/security/test_brute_force.py runs the same against Redis and against the database.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite never runs collectstatic: WhiteNoise looks files up per request (as under DEBUG)
# instead of indexing, and warning about, a STATIC_ROOT that a fresh checkout does not have.
WHITENOISE_AUTOREFRESH = True
# The API's per-minute limits (feeds/throttling.py) are tested on their own
# (tests/feeds/test_rate_limits.py); the rest of the suite calls the API far more often.
FEEDS_ANONYMOUS_RATE_PER_MINUTE = 100_000
FEEDS_TOKEN_RATE_PER_MINUTE = 100_000
