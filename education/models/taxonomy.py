"""Taxonomy snippets shared by every education page, and the clinical reviewers."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from home.links import validate_http_url

# ICD-10-CM: a letter (U is reserved), a digit, a digit or letter, then optionally a dot and
# one to four characters, e.g. M54.50, G44.209, M1A.0. Stored upper-case.
ICD10CM_RE = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
# SNOMED CT identifiers are 6 to 18 digits with no leading zero.
SNOMED_RE = re.compile(r"^[1-9][0-9]{5,17}$")


def split_codes(text):
    """'m54.50, M54.59' -> ['M54.50', 'M54.59'] (commas, semicolons or spaces between codes)."""
    return [code.strip().upper() for code in re.split(r"[,;\s]+", text or "") if code.strip()]


def validate_icd10cm_codes(text):
    bad = [code for code in split_codes(text) if not ICD10CM_RE.match(code)]
    if bad:
        raise ValidationError(
            "%(codes)s: not an ICD-10-CM code. Use a letter, two characters, and an optional "
            "dot with up to four more, such as M54.50.",
            params={"codes": ", ".join(bad)},
            code="icd10cm",
        )


def validate_snomed_codes(text):
    bad = [code for code in split_codes(text) if not SNOMED_RE.match(code)]
    if bad:
        raise ValidationError(
            "%(codes)s: not a SNOMED CT identifier (6 to 18 digits, such as 279039007).",
            params={"codes": ", ".join(bad)},
            code="snomed",
        )


class NamedTaxon(index.Indexed, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in shareable filter links, such as ?area=neck."
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def api_data(self):
        return {"name": self.name, "slug": self.slug}


class BodyArea(NamedTaxon):
    class Meta(NamedTaxon.Meta):
        verbose_name = "body area"


class Equipment(NamedTaxon):
    kind = models.CharField(
        max_length=10,
        choices=[("tool", "Tool (kept and reused)"), ("supply", "Supply (used up)")],
        default="tool",
        help_text="Search engines list tools and supplies separately for a how-to.",
    )

    panels = NamedTaxon.panels + [FieldPanel("kind")]

    class Meta(NamedTaxon.Meta):
        verbose_name = "equipment"
        verbose_name_plural = "equipment"

    def api_data(self):
        return super().api_data() | {"kind": self.kind}


class Condition(NamedTaxon):
    synonyms = models.CharField(
        max_length=300, blank=True, help_text="Other names people use, separated by commas."
    )
    icd10cm_codes = models.CharField(
        "ICD-10-CM codes",
        max_length=200,
        blank=True,
        validators=[validate_icd10cm_codes],
        help_text="Separated by commas, such as M54.50, M54.59.",
    )
    snomed_codes = models.CharField(
        "SNOMED CT codes",
        max_length=200,
        blank=True,
        validators=[validate_snomed_codes],
        help_text="Optional. Concept identifiers separated by commas.",
    )
    description = models.TextField(blank=True, max_length=600)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("synonyms"),
        MultiFieldPanel([FieldPanel("icd10cm_codes"), FieldPanel("snomed_codes")], heading="Codes"),
        FieldPanel("description"),
    ]
    search_fields = NamedTaxon.search_fields + [index.SearchField("synonyms")]

    class Meta(NamedTaxon.Meta):
        verbose_name = "condition"

    def clean(self):
        super().clean()
        # Store codes in one canonical shape so feeds and filters compare like with like.
        self.icd10cm_codes = ", ".join(split_codes(self.icd10cm_codes))
        self.snomed_codes = ", ".join(split_codes(self.snomed_codes))

    @property
    def icd10cm_list(self):
        return split_codes(self.icd10cm_codes)

    @property
    def snomed_list(self):
        return split_codes(self.snomed_codes)

    @property
    def synonym_list(self):
        return [name.strip() for name in self.synonyms.split(",") if name.strip()]

    def api_data(self):
        return super().api_data() | {
            "synonyms": self.synonym_list,
            "icd10cm": self.icd10cm_list,
            "snomed_ct": self.snomed_list,
        }


class Reviewer(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=80, help_text="Licences and degrees, such as LMT or DPT, OCS."
    )
    bio = models.TextField(blank=True, max_length=600)
    profile_url = models.URLField(blank=True, validators=[validate_http_url])
    # The admin account that approves in the clinical review: its approvals record this profile
    # as the page's reviewer (editorial.models.ClinicalReviewTask).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer_profile",
        help_text="The admin account this clinician approves pages with.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("bio"),
        FieldPanel("profile_url"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "credentials"], name="unique_reviewer")
        ]

    def __str__(self):
        return f"{self.name}, {self.credentials}"

    def api_data(self):
        return {"name": self.name, "credentials": self.credentials}
