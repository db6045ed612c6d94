"""Dashboard panels: each role sees the counts of its own work, each linking to its report
(shown to whoever may open that report, so each role sees its own). A panel costs one query,
or one per education page type."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from directory.models import Licence, Therapist
from directory.models.visibility import valid_licence_q
from editorial import views
from editorial.views.base import EDUCATION_MODELS
from editorial.views.videos import PROBLEMS, problem_condition
from education.models.mixins import TARGET_GRADE
from feeds.models.partners import ApiTokenUsage, usage_since
from videos.models import ExerciseVideo


class CountsPanel(Component):
    """A heading, counts that link to the report filtered to them, and a link to it all."""

    name = ""
    heading = ""
    view_class = None
    report_url_name = ""
    report_link = ""
    template_name = "editorial/panels/counts.html"

    def counts(self):
        """[(label, count, the URL of the report that lists them)]"""
        raise NotImplementedError

    @staticmethod
    def report(url_name, query=""):
        url = reverse(url_name)
        return f"{url}?{query}" if query else url

    def get_context_data(self, parent_context):
        return {
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "rows": self.counts(),
            "report_url": reverse(self.report_url_name),
            "report_link": self.report_link,
        }

    @classmethod
    def is_shown(cls, user):
        return views.can_open(user, cls.view_class)


class ReviewsPanel(CountsPanel):
    name = "editorial_reviews"
    heading = "Clinical reviews"
    view_class = views.ReviewsReportView
    report_url_name = "editorial_reviews:index"
    report_link = "All pages due for clinical review"
    order = 140

    def counts(self):
        today = datetime.date.today()
        soon = today + datetime.timedelta(days=30)
        totals = {"overdue": 0, "soon": 0, "never": 0, "grade": 0}
        for model in EDUCATION_MODELS.values():
            found = model.objects.aggregate(
                overdue=Count("pk", filter=Q(next_review_due__lt=today)),
                soon=Count("pk", filter=Q(next_review_due__gte=today, next_review_due__lte=soon)),
                never=Count("pk", filter=Q(next_review_due__isnull=True)),
                grade=Count(
                    "pk",
                    filter=Q(reading_grade__gt=TARGET_GRADE, reading_grade_override=False),
                ),
            )
            for key in totals:
                totals[key] += found[key]
        reviews, reading = "editorial_reviews:index", "editorial_reading:index"
        return [
            ("Overdue", totals["overdue"], self.report(reviews, "window=overdue")),
            ("Due within 30 days", totals["soon"], self.report(reviews, "window=soon")),
            ("Never reviewed", totals["never"], self.report(reviews, "window=never")),
            (
                "Above the target reading grade, no override",
                totals["grade"],
                self.report(reading, "override=no"),
            ),
        ]


class VideosPanel(CountsPanel):
    name = "editorial_videos"
    heading = "Videos needing attention"
    view_class = views.VideosReportView
    report_url_name = "editorial_videos:index"
    report_link = "All videos needing attention"
    order = 145

    def counts(self):
        found = ExerciseVideo.objects.aggregate(
            **{key: Count("pk", filter=problem_condition(key)) for key, _ in PROBLEMS}
        )
        return [
            (label, found[key], self.report(self.report_url_name, f"problem={key}"))
            for key, label in PROBLEMS
        ]


class LicencesPanel(CountsPanel):
    """Licences expired and expiring within 30 days, and listings hidden by their licences."""

    name = "editorial_licences"
    heading = "Licences needing attention"
    view_class = views.LicencesReportView
    report_url_name = "editorial_licences:index"
    report_link = "All licences expired or expiring within 90 days"
    order = 150

    def counts(self):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=30)
        found = Licence.objects.aggregate(
            expired=Count("pk", filter=Q(expires_on__lt=today)),
            soon=Count("pk", filter=Q(expires_on__gte=today, expires_on__lte=soon)),
        )
        valid = Licence.objects.filter(valid_licence_q(today=today), therapist=OuterRef("pk"))
        hidden = Therapist.objects.filter(live=True).exclude(Exists(valid)).count()
        licences = self.report_url_name
        return [
            ("Expired", found["expired"], self.report(licences, "window=expired")),
            ("Expiring within 30 days", found["soon"], self.report(licences, "window=30")),
            ("Listings hidden by their licences", hidden, self.report("editorial_hidden:index")),
        ]


class PartnersPanel(CountsPanel):
    name = "editorial_partners"
    heading = "Partner usage"
    view_class = views.PartnerUsageReportView
    report_url_name = "editorial_partners:index"
    report_link = "Usage by token"
    order = 160

    def counts(self):
        found = ApiTokenUsage.objects.aggregate(
            today=Sum("count", filter=Q(day__gte=usage_since(1)), default=0),
            week=Sum("count", filter=Q(day__gte=usage_since(7)), default=0),
        )
        usage = self.report(self.report_url_name)
        return [
            ("Requests today", found["today"], usage),
            ("Requests in the last 7 days", found["week"], usage),
        ]


PANELS = [ReviewsPanel, VideosPanel, LicencesPanel, PartnersPanel]
