"""A page can go live without EducationPage.publish(): Wagtail's copy action, asked to keep
copies live, saves them live and only announces it (page_published). Such a copy of an
education page that breaks the publishing rules (a live page whose review has since fallen due,
say) is unpublished at once, with the reasons in its history. Connected in apps.py."""

from wagtail.log_actions import log
from wagtail.signals import page_published

from editorial.audit import PUBLISH_HELD
from education.rules import PUBLISHING_RULES


def hold_back_unchecked(sender, instance, revision=None, **kwargs):
    if revision is None or getattr(revision, "publishing_rules_kept", False):
        return
    page = instance.specific
    if not hasattr(page, "reading_grade_override"):
        return  # not an education page
    problems = PUBLISHING_RULES.problems(page)
    if not problems:
        return
    page.unpublish(log_action=False)
    log(
        instance=page,
        action=PUBLISH_HELD,
        revision=revision,
        data={"reasons": [problem.message for problem in problems]},
    )


def connect():
    page_published.connect(hold_back_unchecked, dispatch_uid="editorial-hold-back-unchecked")
