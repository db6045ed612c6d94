"""Abstract mixins shared by every education page: clinical review and reading level."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel

from education.readability import flesch_kincaid_grade
from home.text import add_months, plain_text

TARGET_GRADE = 8


class ClinicalReviewMixin(models.Model):
    """Who checked a page clinically, when, and when it is due again."""

    reviewer = models.ForeignKey(
        "education.Reviewer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The licensed clinician who checked this page.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # Derived on save so the admin can list and sort pages that are due for review.
    next_review_due = models.DateField(null=True, blank=True, editable=False)

    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewer"),
                FieldPanel("last_reviewed"),
                FieldPanel("review_interval_months"),
            ],
            heading="Clinical review",
            help_text="The next review date is worked out from these when you save.",
        )
    ]

    class Meta:
        abstract = True

    def compute_next_review_due(self):
        if not self.last_reviewed:
            return None
        return add_months(self.last_reviewed, self.review_interval_months or 12)

    def review_data(self):
        """The clinical review as the API serves it."""
        return {
            "reviewer": self.reviewer.api_data() if self.reviewer_id else None,
            "last_reviewed": self.last_reviewed,
            "interval_months": self.review_interval_months,
            "next_review_due": self.next_review_due,
        }

    @property
    def review_overdue(self):
        due = self.next_review_due
        return bool(due and due < datetime.date.today())

    def clean(self):
        super().clean()
        # Also here: a draft revision is serialised after clean() but without save().
        self.next_review_due = self.compute_next_review_due()

    def save(self, *args, **kwargs):
        self.next_review_due = self.compute_next_review_due()
        super().save(*args, **kwargs)


class ReadingLevelPanel(Panel):
    """Read-only: the stored Flesch-Kincaid grade next to the target."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "education/admin/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["grade"] = getattr(self.instance, "reading_grade", None)
            context["target"] = TARGET_GRADE
            return context


class ReadingLevelMixin(models.Model):
    """Flesch-Kincaid grade of the patient-facing text, computed and stored on every save."""

    reading_grade = models.DecimalField(
        "reading grade",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
        help_text="Flesch-Kincaid grade of the patient-facing text. Aim for 8 or lower.",
    )

    # The reading-grade rule (education/rules.py) yields only to a reviewer's written reason.
    reading_grade_override = models.BooleanField(
        "publish above the target grade",
        default=False,
        help_text="Only when plainer words would change the clinical meaning.",
    )
    reading_grade_override_reason = models.TextField(
        "reason for publishing above the target",
        blank=True,
        max_length=600,
        help_text="Required with the override. Shown in the page's history and the reports.",
    )

    reading_panels = [
        ReadingLevelPanel(heading="Reading level"),
        MultiFieldPanel(
            [FieldPanel("reading_grade_override"), FieldPanel("reading_grade_override_reason")],
            heading="Reading-grade override",
        ),
    ]

    class Meta:
        abstract = True

    def reading_text_parts(self):
        """Override: the patient-facing strings of this page."""
        return []

    def reading_text(self):
        parts = [plain_text(part) for part in self.reading_text_parts()]
        # A sentence end after each part so headings and list items are not one long sentence.
        return " ".join(
            part if part.endswith((".", "?", "!")) else part + "." for part in parts if part
        )

    def compute_reading_grade(self):
        grade = flesch_kincaid_grade(self.reading_text())
        return None if grade is None else Decimal(str(grade))

    @property
    def reading_override_in_force(self):
        """An override counts only with a written reason."""
        return self.reading_grade_override and bool(self.reading_grade_override_reason.strip())

    @property
    def reading_level_ok(self):
        return self.reading_grade is not None and self.reading_grade <= TARGET_GRADE

    @property
    def reading_grade_number(self):
        """The grade as a JSON number (the stored value is a Decimal)."""
        return float(self.reading_grade) if self.reading_grade is not None else None

    def reading_level_data(self):
        return {
            "flesch_kincaid_grade": self.reading_grade_number,
            "target_grade": TARGET_GRADE,
            "meets_target": self.reading_level_ok,
        }

    def clean(self):
        super().clean()
        self.reading_grade = self.compute_reading_grade()

    def save(self, *args, **kwargs):
        self.reading_grade = self.compute_reading_grade()
        super().save(*args, **kwargs)
