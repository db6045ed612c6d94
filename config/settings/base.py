"""Settings shared by every environment. Secrets and host names come from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The dev database, collected static files and generated data. Settings never create it: the
# Makefile's targets and the commands that write there do.
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "home",
    "education",
    "videos",
    "directory",
    "search",
    "feeds",
    "editorial",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "corsheaders",
    # Only for its templates and static files: /api/v1/docs loads Swagger UI from our own static
    # files (no CDN) and without inline script, under the site's CSP.
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks, so a preflight is answered there.
    "corsheaders.middleware.CorsMiddleware",
    "feeds.http.ApiGZipMiddleware",  # the API's JSON only
    # ETag (from the body), 304s and cache headers on the API's other answers.
    "feeds.http.ApiConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Between the two: sees django-csp's policy and a view's own X-Frame-Options (see home/headers).
    "home.headers.FrameAncestorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.auth.PasswordFormGuard",
    # The IETF RateLimit headers on every API answer a throttle counted (feeds/throttling.py).
    "feeds.throttling.RateLimitHeadersMiddleware",
    # Last, as axes asks: turns a request it flagged as locked out into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.settings",  # Wagtail's, with cached site settings
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Data. SQLite needs no set-up beyond var/ (`make migrate` makes it); DATABASE_URL switches to
# PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=0)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process instead of a connection per thread: runserver's threads (and gunicorn's)
    # share at most DB_POOL_MAX_SIZE connections, and a request waits up to DB_POOL_TIMEOUT
    # seconds for one. Size it with docs/security.md, "Database connections".
    if env_int("DB_CONN_MAX_AGE", 0) != 0:
        raise ImproperlyConfigured(
            "DB_CONN_MAX_AGE must be 0 (or unset): PostgreSQL connections come from a pool "
            "(DB_POOL_MIN_SIZE, DB_POOL_MAX_SIZE), which Django does not combine with "
            "persistent connections."
        )
    DATABASES["default"]["OPTIONS"] = DATABASES["default"].get("OPTIONS", {}) | {
        "pool": {
            "min_size": env_int("DB_POOL_MIN_SIZE", 1),
            "max_size": env_int("DB_POOL_MAX_SIZE", 4),
            "timeout": env_int("DB_POOL_TIMEOUT", 10),
        },
        # A backstop, not a budget: no query should come near it, and one that does is
        # cancelled instead of holding a pooled connection for good.
        "options": " ".join(
            filter(
                None,
                [
                    DATABASES["default"].get("OPTIONS", {}).get("options"),  # from the URL
                    f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 15_000)}",
                ],
            )
        ),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE avoids "database is locked"
    # on lock upgrades, and the busy timeout makes writers queue instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fascia",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database and are read from the cache: an admin page then reads no
# session row. production.py falls back to the database alone without Redis, where a
# process's own memory would keep a session another process had ended.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work. "immediate" runs a task in the calling process (dev, tests); "database"
# queues it for `manage.py db_worker` (production), so no request ever waits on ffmpeg.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = env_choice("TASK_BACKEND", TASK_BACKENDS, "immediate")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND]}}

# Exercise videos (videos/). Uploads above these limits get a form error, not a 500.
VIDEO_MAX_UPLOAD_SIZE = env_int("VIDEO_MAX_UPLOAD_SIZE", 2 * 1024**3)  # bytes
VIDEO_MAX_DURATION = env_int("VIDEO_MAX_DURATION", 30 * 60)  # seconds
VIDEO_FFMPEG_TIMEOUT = env_int("VIDEO_FFMPEG_TIMEOUT", 3 * 3600)  # seconds for one ffmpeg run
VIDEO_X264_PRESET = env_str("VIDEO_X264_PRESET", "veryfast")
VIDEO_FFMPEG_BINARY = env_str("VIDEO_FFMPEG_BINARY", "ffmpeg")
VIDEO_FFPROBE_BINARY = env_str("VIDEO_FFPROBE_BINARY", "ffprobe")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic creates STATIC_ROOT. Until then WhiteNoise finds nothing there: quietly under
# DEBUG (it looks files up per request), with a "No directory at" warning otherwise, which in
# production is the right warning (`make serve` collects first).
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3-compatible media (AWS, MinIO, R2...) for more than one app server; see README.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers that hold everywhere; production.py adds HSTS and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing of ours is framed by another site. Wagtail's preview views opt back in to SAMEORIGIN
# for the admin's preview iframe; home.headers.FrameAncestorsMiddleware makes CSP frame-ancestors
# say the same ('none' / 'self') on every response.
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere on the public site. JSON-LD blocks are data, not script, so CSP
# leaves them alone. The Wagtail admin still relies on inline styles and scripts of its own,
# so it is left out of the policy rather than weakening the policy for everyone.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if MEDIA_URL.startswith("http") or AWS_STORAGE_BUCKET_NAME:
    _media_origin = env_str("MEDIA_ORIGIN", "https:")
    for directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive].append(_media_origin)

# Brute force (django-axes; docs/security.md). Failures are counted on the shared Redis cache
# when REDIS_URL is set, so a lock holds on every app server; without Redis, in the database,
# which every process shares too (a local-memory cache would count per process). An account is
# locked after AXES_FAILURE_LIMIT failures from any address, and an address after that many for
# any account (a lock of one account from one address is implied by both). Wagtail's page and
# document password forms count too, one pseudo-account per restriction (home.auth).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_CACHE = "default"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are Wagtail's and the server's to log
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
_lockout_minutes = env_int("LOGIN_LOCKOUT_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or _lockout_minutes < 1:
    # A zero cool-off is a cache timeout of zero: nothing would ever be counted.
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be at least 1.")
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # guessing on keeps the lock
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "home.auth.client_address"
AXES_LOCKOUT_CALLABLE = "home.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # no Django admin is mounted; axes' commands list and reset
# How many proxies of ours append to X-Forwarded-For in front of the app (a load balancer: 1).
# 0 trusts no header: the socket's address is the client's.
FASCIA_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

WAGTAIL_SITE_NAME = "Fascia"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Wagtail logs every page save at INFO; the admin's own history already records them.
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
        # axes announces itself at INFO on every start (every manage.py command); its failures
        # and lockouts come from other loggers, at WARNING.
        "axes.apps": {"level": "WARNING"},
    },
}

# The public API (/api/v1/, feeds/ and docs/api.md). Partner sites read it from their own
# pages, so public GETs (and their preflights) are open to every origin; no cookies are read
# or set on it, so credentials are never allowed (django-cors-headers).
CORS_URLS_REGEX = r"^/api/(v1|wagtail)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = [
    "etag",
    "last-modified",
    "retry-after",
    "ratelimit",
    "ratelimit-policy",
    "link",
]
CORS_PREFLIGHT_MAX_AGE = 86400

# The change log (feeds/): tombstones are kept at least this many days; a sync cursor older
# than that answers 410 and the client syncs again from scratch.
FEEDS_TOMBSTONE_RETENTION_DAYS = env_int("FEEDS_TOMBSTONE_RETENTION_DAYS", 90)
# Partners (docs/partners.md): requests a minute per token (each token may set its own) and
# per anonymous client address, counted in this cache (Redis when REDIS_URL is set, so every
# app server counts together).
FEEDS_TOKEN_RATE_PER_MINUTE = env_int("FEEDS_TOKEN_RATE_PER_MINUTE", 600)
FEEDS_ANONYMOUS_RATE_PER_MINUTE = env_int("FEEDS_ANONYMOUS_RATE_PER_MINUTE", 60)
FEEDS_CACHE = "default"
