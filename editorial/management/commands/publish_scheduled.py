"""Wagtail's publish_scheduled, holding back what the publishing rules refuse.

A scheduled revision of an education page that no longer keeps the rules when its time comes
(its clinical review fell due while it waited, a video lost its captions) is not published: its
schedule is cancelled, the page's history says why, and the rest go live as Wagtail's command
would. Run twice, the second run finds nothing left to hold back. Found before Wagtail's
command of the same name because this app comes first in INSTALLED_APPS.
"""

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from editorial.audit import PUBLISH_HELD
from education.models.base import EducationPage
from education.rules import PUBLISHING_RULES


class Command(WagtailCommand):
    help = "Publish and unpublish what is scheduled, holding back pages the rules refuse."

    def handle(self, *args, **options):
        self.hold_back_refused(dryrun=options["dryrun"])
        super().handle(*args, **options)

    def hold_back_refused(self, dryrun):
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).select_related(
            "content_type"
        )
        for revision in due:
            model = revision.content_type.model_class()
            if model is None or not issubclass(model, EducationPage):
                continue
            page = revision.as_object()
            problems = PUBLISHING_RULES.problems(page)
            if not problems:
                continue
            reasons = [problem.message for problem in problems]
            verb = "Would hold back" if dryrun else "Held back"
            self.stdout.write(f"{verb} “{page.title}” (page {page.pk}): {' '.join(reasons)}")
            if not dryrun:
                self.cancel(revision, reasons)

    @staticmethod
    def cancel(revision, reasons):
        go_live_at = revision.approved_go_live_at
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        log(
            instance=revision.content_object,
            action=PUBLISH_HELD,
            revision=revision,
            data={"go_live_at": go_live_at.isoformat(), "reasons": reasons},
        )
