"""Education content models (a package: one module per content family)."""

from education.models.base import EducationPage
from education.models.guides import GuideIndexPage, GuidePage, GuidePageTag
from education.models.listing import ListingEntry
from education.models.mixins import ClinicalReviewMixin, ReadingLevelMixin
from education.models.modalities import ModalityIndexPage, ModalityPage, ModalityPageTag
from education.models.routines import RoutineIndexPage, RoutinePageTag, SelfCareRoutinePage
from education.models.taxonomy import BodyArea, Condition, Equipment, Reviewer

__all__ = [
    "BodyArea",
    "ClinicalReviewMixin",
    "Condition",
    "EducationPage",
    "Equipment",
    "GuideIndexPage",
    "GuidePage",
    "GuidePageTag",
    "ListingEntry",
    "ModalityIndexPage",
    "ModalityPage",
    "ModalityPageTag",
    "ReadingLevelMixin",
    "Reviewer",
    "RoutineIndexPage",
    "RoutinePageTag",
    "SelfCareRoutinePage",
]
