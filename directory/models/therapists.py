from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

from directory import jsonld
from directory.search_index import reindex_therapists
from directory.validators import (
    LANGUAGE_NAMES,
    jurisdiction_name,
    parse_languages,
    validate_jurisdiction,
    validate_languages,
    validate_npi,
)
from directory.widgets import PublicPageCheckboxes
from home.links import validate_http_url
from home.site_urls import absolute_url

from .visibility import TherapistQuerySet, public_modality_ids


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non-binary", "Non-binary"


class Therapist(PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=False)
    pronouns = models.CharField(max_length=40, blank=True, help_text="Optional, e.g. she/her.")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(blank=True, max_length=4000)
    languages = models.CharField(
        max_length=100,
        default="en",
        validators=[validate_languages],
        help_text="ISO 639-1 codes separated by commas, e.g. en, es.",
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    accepting_new_clients = models.BooleanField(default=True)
    mobile_service = models.BooleanField(
        "mobile / outcall service", default=False, help_text="Travels to clients."
    )
    travel_radius_km = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    travel_fee = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    accepts_insurance = models.BooleanField(default=False)
    accepts_hsa_fsa = models.BooleanField("accepts HSA/FSA", default=False)
    npi = models.CharField(
        "NPI", max_length=10, blank=True, validators=[validate_npi], help_text="Optional."
    )
    booking_url = models.URLField(blank=True, validators=[validate_http_url])
    # Read through this; edited through location_links (below), one chooser per place, because
    # a select list of every location stops working at tens of thousands of them.
    locations = models.ManyToManyField(
        "directory.Location",
        through="directory.TherapistLocation",
        blank=True,
        related_name="therapists",
    )
    modalities = ParentalManyToManyField(
        "education.ModalityPage", blank=True, related_name="therapists"
    )
    conditions = ParentalManyToManyField(
        "education.Condition",
        blank=True,
        related_name="therapists",
        help_text="Conditions this therapist focuses on.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TherapistQuerySet.as_manager()

    template = "directory/therapist_detail.html"

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("pronouns"), FieldPanel("gender")]),
                FieldPanel("photo"),
                FieldPanel("bio"),
                FieldPanel("languages"),
                FieldPanel("modalities", widget=PublicPageCheckboxes),
                FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Profile",
        ),
        InlinePanel("licences", heading="Licences", min_num=1, label="Licence"),
        MultiFieldPanel(
            [
                MultipleChooserPanel(
                    "location_links",
                    chooser_field_name="location",
                    heading="Locations",
                    label="Location",
                ),
                FieldPanel("accepting_new_clients"),
                FieldRowPanel([FieldPanel("accepts_insurance"), FieldPanel("accepts_hsa_fsa")]),
                FieldPanel("booking_url"),
                FieldPanel("npi"),
            ],
            heading="Practice",
        ),
        MultiFieldPanel(
            [
                FieldPanel("mobile_service"),
                FieldRowPanel([FieldPanel("travel_radius_km"), FieldPanel("travel_fee")]),
            ],
            heading="Mobile service",
        ),
    ]

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["live", "name"]),
            # Geo search checks every therapist linked to a location in the box against the
            # filters: answered from this index, without reading the wide therapist row.
            models.Index(
                fields=[
                    "id",
                    "live",
                    "accepting_new_clients",
                    "mobile_service",
                    "accepts_insurance",
                    "accepts_hsa_fsa",
                    "gender",
                    "languages",
                ],
                name="directory_therapist_filters",
            ),  # fmt: skip
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.languages:
            try:
                self.languages = ",".join(parse_languages(self.languages))
            except ValidationError as error:
                raise ValidationError({"languages": error}) from None
        if self.mobile_service and not self.travel_radius_km:
            raise ValidationError({"travel_radius_km": "Say how far you travel for mobile visits."})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # After ClusterableModel.save() has committed locations and modalities, which the
        # search document includes.
        reindex_therapists([self.pk])

    def with_content_json(self, content):
        """The therapist as a revision saved it, with any board check made since laid over it.

        Wagtail builds the object from a revision to publish it (directly, on a schedule or at
        the end of a workflow), to show it in the editor and to preview it. A draft written
        before `verify_licences` ran still holds the licence status it saw then; publishing it
        must not undo what the board said since (a revoked licence made active again).
        """
        therapist = super().with_content_json(content)
        apply_newer_board_checks(therapist.licences.all(), therapist.pk)
        return therapist

    def get_absolute_url(self):
        return reverse("directory:therapist", args=[self.slug])

    def absolute_url(self, request=None):
        """The profile's absolute URL on the default Site's root (home.site_urls), never on
        the request's host, so pages, API and feed agree. `request` is accepted and ignored."""
        return absolute_url(self.get_absolute_url()) if self.slug else ""

    def public_locations(self):
        return self.locations.public().with_details()

    def preview_locations(self):
        """The places as the editor has them in the form, published or not, saved or not."""
        return [link.location for link in self.location_links.all()]

    def get_context(self, request, preview=False):
        """The profile page's context; the public page and the admin's preview both render it."""
        locations = self.preview_locations() if preview else list(self.public_locations())
        return {
            "therapist": self,
            "licences": self.shown_licences,
            "locations": locations,
            "structured_data": jsonld.therapist_graph(self, locations),
            "canonical_url": self.absolute_url(),
            "preview": preview,
        }

    def get_preview_template(self, request, mode_name):
        return self.template

    def get_preview_context(self, request, mode_name):
        return self.get_context(request, preview=True)

    def public_modalities(self):
        """The linked modality pages the public may see, in the order they were loaded.

        Filters whatever `modalities.all()` holds (a prefetch, the editor's form, the
        database), so every listing that names a modality applies the public-page rule.
        """
        public = public_modality_ids()
        return [modality for modality in self.modalities.all() if modality.pk in public]

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    @property
    def language_names(self):
        return [LANGUAGE_NAMES.get(code, code) for code in self.language_codes]

    @cached_property
    def shown_licences(self):
        """Licences to print: all but revoked ones, valid ones first."""
        return sorted(
            (lic for lic in self.licences.all() if lic.status != LicenceStatus.REVOKED),
            key=lambda lic: (not lic.is_valid(), lic.jurisdiction),
        )


class TherapistLocation(models.Model):
    """A place the therapist works: the table the plain many-to-many field used before, now a
    child of the therapist's cluster so drafts and revisions carry it and the editor picks
    places with Wagtail's searchable chooser."""

    therapist = ParentalKey(Therapist, on_delete=models.CASCADE, related_name="location_links")
    location = models.ForeignKey("directory.Location", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("location")]

    class Meta:
        db_table = "directory_therapist_locations"
        unique_together = [("therapist", "location")]

    def __str__(self):
        return f"{self.therapist} at {self.location}"


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CONDITIONAL = "conditional", "Conditional"
    INACTIVE = "inactive", "Inactive"
    EXPIRED = "expired", "Expired"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class CredentialType(models.TextChoices):
    LICENCE = "licence", "Licence"
    REGISTRATION = "registration", "Registration"
    CERTIFICATION = "certification", "Certification"


class Licence(Orderable):
    therapist = ParentalKey(Therapist, on_delete=models.CASCADE, related_name="licences")
    jurisdiction = models.CharField(
        max_length=6,
        validators=[validate_jurisdiction],
        help_text="US state or territory code (FL), or ISO 3166-2 region (CA-ON).",
    )
    number = models.CharField(max_length=40, help_text="As the board prints it, prefix kept.")
    credential_type = models.CharField(
        max_length=20, choices=CredentialType.choices, default=CredentialType.LICENCE
    )
    status = models.CharField(max_length=20, choices=LicenceStatus.choices, db_index=True)
    board_name = models.CharField(max_length=200, blank=True)
    board_lookup_url = models.URLField(blank=True, validators=[validate_http_url])
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.CharField(max_length=120, blank=True)
    verification_source = models.CharField(max_length=300, blank=True)
    next_check_due = models.DateField(null=True, blank=True)
    # When verify_licences last recorded what the board's roster says. The editor's form carries
    # it back hidden, so a form opened before a check cannot overwrite that check's result.
    board_checked_at = models.DateTimeField(null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("jurisdiction"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("credential_type"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("board_name"), FieldPanel("board_lookup_url")]),
        FieldRowPanel([FieldPanel("issued_on"), FieldPanel("expires_on")]),
        FieldRowPanel(
            [FieldPanel("verified_at"), FieldPanel("verified_by"), FieldPanel("next_check_due")]
        ),
        FieldPanel("verification_source"),
        FieldPanel("board_checked_at", widget=forms.HiddenInput),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "number"], name="directory_licence_unique_number"
            )
        ]
        # Covers the public rule's EXISTS (status, expiry and verification per therapist), so
        # the check that runs for every geo candidate never reads the licence row itself.
        indexes = [
            models.Index(
                fields=["therapist", "status", "expires_on", "verified_at"],
                name="directory_licence_public",
            )
        ]

    def __str__(self):
        return f"{self.jurisdiction} {self.number}"

    @property
    def jurisdiction_name(self):
        return jurisdiction_name(self.jurisdiction)

    def is_valid(self, today=None):
        today = today or timezone.localdate()
        return (
            self.status == LicenceStatus.ACTIVE
            and self.verified_at is not None
            and (self.expires_on is None or self.expires_on > today)
        )

    def clean(self):
        super().clean()
        self.number = self.number.strip().upper()
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": "The expiry date is before the issue date."})
        duplicate = Licence.objects.filter(jurisdiction=self.jurisdiction, number=self.number)
        if self.pk:
            duplicate = duplicate.exclude(pk=self.pk)
        if self.jurisdiction and duplicate.exists():
            raise ValidationError(
                {"number": f"Licence {self.jurisdiction} {self.number} is already listed."}
            )


# What a board check records; a newer check wins over an older draft's copy of these fields.
BOARD_FIELDS = (
    "status",
    "expires_on",
    "verified_at",
    "verified_by",
    "verification_source",
    "board_checked_at",
)


def apply_newer_board_checks(licences, therapist_id):
    """Copy the board-checked fields from the stored licence rows checked after these copies."""
    if therapist_id is None:
        return
    stored = {
        (row.jurisdiction, row.number): row
        for row in Licence.objects.filter(therapist_id=therapist_id, board_checked_at__isnull=False)
    }
    for licence in licences:
        row = stored.get((licence.jurisdiction, licence.number))
        if row and (
            licence.board_checked_at is None or row.board_checked_at > licence.board_checked_at
        ):
            for name in BOARD_FIELDS:
                setattr(licence, name, getattr(row, name))


__all__ = [
    "CredentialType",
    "Gender",
    "Licence",
    "LicenceStatus",
    "Therapist",
    "TherapistLocation",
]
