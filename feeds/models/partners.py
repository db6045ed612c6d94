"""Partners of the public API and their tokens (docs/partners.md).

A `Partner` is an organisation we give access to; each of its `ApiToken`s is a bearer secret
(the format is feeds/tokens.py) with scopes, content filters and a rate limit. Wagtail 8's own
`wagtail.models.APIToken` is not reused: it authenticates as a user (a partner is not one),
carries that user's permissions and has no scopes, filters or limits; its format and its
admin flow (shown once, revoke keeps the row) are what we copy.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from feeds import tokens

# What a token may read; an empty list on a token means all of them.
SCOPES = [
    ("education", "Education feed and endpoints"),
    ("directory", "Directory feed and endpoints"),
    ("changes", "Change log (delta sync)"),
    ("search", "Search"),
    ("videos", "Videos"),
]
SCOPE_NAMES = [name for name, _ in SCOPES]


def default_rate_limit():
    return getattr(settings, "FEEDS_TOKEN_RATE_PER_MINUTE", 600)


def validate_terms(terms):
    """Content filter terms are feeds.items.FeedItem.terms: "name:value", lower case."""
    for term in terms:
        name, colon, value = term.partition(":")
        if not (colon and name and value) or term != term.lower() or term != term.strip():
            raise ValidationError(
                f'"{term}" is not a filter term: write name:value in lower case, '
                'such as "area:neck" or "clinic:harbour-clinic".'
            )


class Partner(models.Model):
    name = models.CharField(max_length=200, unique=True)
    contact_email = models.EmailField(help_text="Who we write to about their access.")
    notes = models.TextField(blank=True, help_text="Agreement, use case; never shown to them.")
    active = models.BooleanField(
        default=True, help_text="Untick to refuse every token of this partner at once."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Tokens that authenticate now: not revoked, not expired, of an active partner."""
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            revoked_at__isnull=True,
            partner__active=True,
        )

    def for_secret(self, secret, now=None):
        """The usable token whose secret this is, with its partner, or None. A malformed
        secret costs no query."""
        if not tokens.is_well_formed(secret):
            return None
        found = self.usable(now).select_related("partner").filter(digest=tokens.digest(secret))
        return found.first()


class ApiToken(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100, help_text="What it is for, e.g. “Booking app”.")
    # SHA-256 of the secret (feeds/tokens.py says why that is enough); the secret is not kept.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    display_prefix = models.CharField(max_length=16, editable=False)
    scopes = models.JSONField(
        default=list,
        blank=True,
        help_text="Endpoints this token may read; none ticked means all of them.",
    )
    content_terms = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_terms],
        help_text="Items must carry at least one of these terms (e.g. area:neck, "
        "clinic:harbour-clinic); none means all public items.",
    )
    rate_limit_per_minute = models.PositiveIntegerField(default=default_rate_limit)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    is_anonymous = False  # like feeds.auth.ANONYMOUS, so request.auth is read one way

    class Meta:
        ordering = ["partner__name", "name"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.display_prefix}…)"

    def set_new_secret(self):
        """Give this (unsaved) token a fresh secret and return it: the only time it exists
        in plain text."""
        secret = tokens.generate()
        self.digest = tokens.digest(secret)
        self.display_prefix = tokens.display_prefix(secret)
        return secret

    @classmethod
    def issue(cls, partner, name, **fields):
        """Create a token: (the saved ApiToken, its secret in plain text)."""
        token = cls(partner=partner, name=name, **fields)
        secret = token.set_new_secret()
        token.save()
        return token, secret

    def revoke(self):
        """Revoking keeps the row: the admin and the usage counts still show it."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def status(self):
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def allows(self, endpoint):
        return not self.scopes or endpoint in self.scopes

    def daily_usage(self):
        """The admin's inspect view: requests per day, the last 30 days with any."""
        days = self.usage.filter(day__gte=usage_since(30)).values_list("day", "count")
        return ", ".join(f"{day:%Y-%m-%d}: {count}" for day, count in days) or "None"


class ApiTokenUsage(models.Model):
    """Requests a token made in one day (UTC, or TIME_ZONE), flushed from the cache: see
    feeds.auth.record_use."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["token", "day"], name="feeds_token_usage_one_per_day")
        ]

    def __str__(self):
        return f"{self.token}: {self.count} on {self.day}"

    @classmethod
    def store(cls, token_id, day, count):
        """Write a day's running total: counts only go up, so a late or repeated flush never
        loses requests. Returns True when the day had no row yet."""
        updated = cls.objects.filter(token_id=token_id, day=day).update(
            count=Greatest(F("count"), count)
        )
        if updated:
            return False
        try:
            with transaction.atomic():
                cls.objects.create(token_id=token_id, day=day, count=count)
        except IntegrityError:  # another server created it first
            cls.objects.filter(token_id=token_id, day=day).update(count=Greatest(F("count"), count))
            return False
        return True


def usage_since(days):
    """The first day of a window of `days` days ending today."""
    return timezone.localdate() - dt.timedelta(days=days - 1)
