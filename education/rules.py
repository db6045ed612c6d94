"""The publishing rules of education pages: one rule set, one object, on every way to go live.

`PUBLISHING_RULES.enforce(page)` runs in `EducationPage.publish()`, which every path reaches
(the publish button, a workflow approval from the editor, the dashboard or the history, a bulk
action, a scheduled go-live through `publish_scheduled`, code and commands calling
`revision.publish()`). The admin asks the same object first, so a person sees which rule
stopped the page and how to fix it instead of an error page: the page form
(education/forms.py), the workflow action view, the bulk publish action and
`publish_scheduled` (editorial/).

Rules come in two stages. "content" rules are about what the page says and are checked as
soon as it is submitted for review. "review" rules are about its clinical review, which the
approving reviewer records (editorial.models.ClinicalReviewTask), so a submission is not
held to them, only a publish.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from education.models.mixins import TARGET_GRADE

CONTENT = "content"
REVIEW = "review"
ALL_STAGES = (CONTENT, REVIEW)


@dataclass(frozen=True)
class Problem:
    rule: str  # the rule's code
    field: str  # the form field the message belongs to
    message: str

    def __str__(self):
        return self.message


class PublishBlocked(ValidationError):
    """A page may not go live: carries each broken rule as a Problem."""

    def __init__(self, page, problems):
        self.page = page
        self.problems = list(problems)
        super().__init__([problem.message for problem in self.problems], code="publish_blocked")

    def summary(self):
        return f"“{self.page.title}” cannot be published yet: " + " ".join(
            problem.message for problem in self.problems
        )


@dataclass(frozen=True)
class Rule:
    code: str
    field: str
    stage: str
    find: Callable  # page -> a message, or None when the page keeps the rule

    def check(self, page):
        message = self.find(page)
        return Problem(self.code, self.field, message) if message else None


def red_flags_missing(page):
    if page.template_kind != "routine" or page.red_flag_texts():
        return None
    return (
        "A routine needs at least one sign under “Stop and seek care if” (for example "
        "“The pain spreads down your arm”). Add one in the Content tab."
    )


def reading_grade_too_high(page):
    grade = page.compute_reading_grade()
    if grade is None or grade <= TARGET_GRADE:
        return None
    if page.reading_grade_override and page.reading_grade_override_reason.strip():
        return None
    if page.reading_grade_override:
        return (
            f"The override of the reading grade ({grade}) needs a written reason. Say why "
            "plainer words would change the clinical meaning, in the Review tab."
        )
    return (
        f"The reading grade is {grade}, above the target of {TARGET_GRADE}. Use shorter "
        "sentences and everyday words, or, in the Review tab, tick “Publish above the target "
        "grade” and write the reason."
    )


def video_without_text(page):
    if page.template_kind != "routine":
        return None
    return page.video_publish_error()


def review_missing_or_overdue(page):
    if not page.reviewer_id or not page.last_reviewed:
        return (
            "No clinical review is recorded. Submit the page for clinical review: the "
            "reviewer who approves it is recorded with the date."
        )
    due = page.compute_next_review_due()
    if due and due < datetime.date.today():
        return (
            f"Its clinical review was due on {date_format(due, 'j F Y')}. Submit it for "
            "clinical review again before publishing."
        )
    return None


# Not a rule of the page: an approval can only record a review for a reviewer with a profile.
NO_PROFILE = Problem(
    "reviewer_profile",
    "reviewer",
    "Your account has no reviewer profile, so your approval cannot be recorded as the page's "
    "clinical review. Ask an administrator to link your account to one under Education › "
    "Reviewers.",
)


class RuleSet:
    def __init__(self, rules):
        self.rules = tuple(rules)

    def problems(self, page, stages=ALL_STAGES):
        found = (rule.check(page) for rule in self.rules if rule.stage in stages)
        return [problem for problem in found if problem]

    def enforce(self, page, stages=ALL_STAGES):
        problems = self.problems(page, stages)
        if problems:
            raise PublishBlocked(page, problems)


PUBLISHING_RULES = RuleSet(
    [
        Rule("red_flags", "red_flags", CONTENT, red_flags_missing),
        Rule("reading_grade", "reading_grade_override_reason", CONTENT, reading_grade_too_high),
        Rule("video_text", "video", CONTENT, video_without_text),
        Rule("clinical_review", "last_reviewed", REVIEW, review_missing_or_overdue),
    ]
)
