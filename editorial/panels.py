"""Dashboard panels: each role sees the counts of its own work, each linking to its report."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from directory.models import Licence
from editorial.views import LicencesReportView, can_open


class LicencesPanel(Component):
    """Licences expired and expiring within 30 days: one query, for those who may open the
    report (Directory managers, administrators)."""

    name = "editorial_licences"
    template_name = "editorial/panels/licences.html"
    order = 150

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=30)
        counts = Licence.objects.aggregate(
            expired=Count("pk", filter=Q(expires_on__lt=today)),
            soon=Count("pk", filter=Q(expires_on__gte=today, expires_on__lte=soon)),
        )
        report = reverse("editorial_licences:index")
        return {
            "rows": [
                ("Expired", counts["expired"], f"{report}?window=expired"),
                ("Expiring within 30 days", counts["soon"], f"{report}?window=30"),
            ],
            "report_url": report,
        }

    @staticmethod
    def is_shown(user):
        return can_open(user, LicencesReportView)
