"""The test suite: fast hashing, in-process tasks, a private cache; DATABASE_URL picks the DB."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite never runs collectstatic: WhiteNoise looks files up per request (as under DEBUG)
# instead of indexing, and warning about, a STATIC_ROOT that a fresh checkout does not have.
WHITENOISE_AUTOREFRESH = True
