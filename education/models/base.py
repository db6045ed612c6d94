"""The abstract base of every education content page."""

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.log_actions import log
from wagtail.models import Page, PageManager
from wagtail.search import index

from education import jsonld
from education.api_fields import EducationDataField
from education.forms import EducationPageForm
from education.models.mixins import TARGET_GRADE, ClinicalReviewMixin, ReadingLevelMixin
from home.text import search_fields_text
from home.visibility import PublicPageQuerySet, in_window

# Their own columns in the search entry, so not repeated in its body.
SEARCH_DOCUMENT_FIELDS = ("title", "summary", "search_description")


# Every education page type's manager: `Model.objects.public()` is the whole public-page rule
# (live, in its go-live/expiry window, no view restriction; home/visibility.py).
PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


def breadcrumb_trail(page, request=None):
    """[(title, url, full_url)] from the site root down to page; both URLs are None for an
    ancestor the public cannot see (a section unpublished or past its expiry while a child
    stays live), so it shows as text and links to no 404.

    Walks up through parents, which routing has usually cached on each page already, so a
    page reached through its index costs no query here. The check is the in-memory half of
    the rule (live, in its window; home/visibility.py): a view restriction on an ancestor
    covers this page too, so whoever sees this page may see that ancestor.
    """
    trail = [page]
    while trail[0].depth > 2:
        trail.insert(0, trail[0].get_parent())
    return [
        (item.title, item.get_url(request), item.get_full_url(request))
        if item is page or (item.live and in_window(item))
        else (item.title, None, None)
        for item in trail
    ]


class FastChildRouteMixin:
    """An index page that loads the requested child, specific and with what its template
    reads, in one query (Wagtail's own routing takes two and loads the rest lazily).

    Index pages also declare `objects = PublicPageManager()` (a manager on a plain mixin is
    not inherited by Django models)."""

    def child_queryset(self):
        raise NotImplementedError

    def route(self, request, path_components):
        if len(path_components) == 1:
            child = self.child_queryset().filter(slug=path_components[0]).first()
            if child is not None:
                # The schedule is checked when read: a live page past its expiry (or before
                # its go-live) is a 404 even before publish_scheduled unpublishes it. Live
                # and view restrictions are checked by Wagtail's own route and serve hooks.
                if not in_window(child, timezone.now()):
                    raise Http404
                child._cached_parent_obj = self
                return child.route(request, [])
        return super().route(request, path_components)


def rich_html(value, features):
    """Rich text (a RichTextField string or a RichTextBlock value) in Wagtail's storage format,
    cleaned by the editor's whitelist for these features (home/sanitize.py): safe whatever
    wrote it, since QuerySet.update() and raw SQL skip the save-time cleaning."""
    # Lazy: home.sanitize imports Wagtail's admin converters, which need the models loaded.
    from home.sanitize import clean_html

    source = getattr(value, "source", value) or ""
    return clean_html(str(source), tuple(features))


def html_section(heading, inner):
    """<h2>heading</h2> and the inner HTML, or nothing when there is no inner HTML."""
    return f"<h2>{escape(heading)}</h2>{inner}" if inner else ""


def breadcrumb_context(page, request=None):
    """Visible breadcrumbs and their BreadcrumbList JSON-LD."""
    trail = breadcrumb_trail(page, request)
    return {
        "breadcrumbs": [{"title": title, "url": url} for title, url, _full in trail],
        "breadcrumb_jsonld": jsonld.breadcrumbs(trail),
    }


def education_tabs(content_panels):
    """Content, Review (clinical review and reading level), Promote and Settings tabs."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(
                ClinicalReviewMixin.review_panels + ReadingLevelMixin.reading_panels,
                heading="Review",
            ),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings", classname="settings"),
        ]
    )


class BreadcrumbMixin:
    """Adds visible breadcrumbs and BreadcrumbList JSON-LD to a page's context."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(breadcrumb_context(self, request))
        context.setdefault("jsonld_items", [])
        return context


class EducationPage(BreadcrumbMixin, ClinicalReviewMixin, ReadingLevelMixin, Page):
    """Patient-facing, clinically reviewed, plain-language content."""

    summary = models.TextField(
        max_length=400,
        help_text="One or two plain sentences. Shown in lists, search results and the feed.",
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]
    api_fields = [APIField("summary"), APIField("education", serializer=EducationDataField())]
    template_kind = "page"
    base_form_class = EducationPageForm

    objects = PublicPageManager()

    class Meta:
        abstract = True

    # What the page is about, in taxonomy snippets: each page type says which it has. One
    # source for the JSON-LD "about", the API record and the search entry.

    def about_conditions(self):
        """Conditions this page is about."""
        return []

    def about_body_areas(self):
        return []

    def equipment_needed(self):
        return []

    # Data --------------------------------------------------------------------------------
    # The page's record for /api/v1/education/, the feed's _fascia and the Wagtail API v2
    # "education" field: each page type adds its own part to the base's
    # (super().api_data(request) | {...}).

    def api_summary(self, request=None):
        """The short record of a listing."""
        return {
            "id": self.pk,
            "type": self.template_kind,
            "title": self.title,
            "summary": self.summary,
            "url": self.get_full_url(request),
            "reading_grade": self.reading_grade_number,
            "last_published_at": self.last_published_at,
        }

    def api_data(self, request=None):
        """The whole record: the summary with the reading level and the clinical review."""
        return self.api_summary(request) | {
            "reading_level": self.reading_level_data(),
            "review": self.review_data(),
        }

    def feed_body_html(self):
        """The page's patient-facing body as one HTML fragment, for the feed's content_html.

        Each page type builds its own from `rich_html()` (cleaned rich text, still in storage
        format: page links are `<a linktype="page" id="N">`, which education/feed.py resolves
        for a whole batch of pages in one query) and escaped plain strings."""
        return ""

    # Search --------------------------------------------------------------------------------

    def taxonomy_terms(self):
        """Names people search by that live in snippets (conditions, body areas, equipment)."""
        terms = []
        for condition in self.about_conditions():
            terms += [condition.name, condition.synonyms]
        terms += [item.name for item in self.about_body_areas()]
        terms += [item.name for item in self.equipment_needed()]
        return " ".join(term for term in terms if term)

    def search_body(self):
        """The page's own search fields as plain text, then its taxonomy terms."""
        terms = self.taxonomy_terms()
        return search_fields_text(self, skip=SEARCH_DOCUMENT_FIELDS) + (
            f" {terms}" if terms else ""
        )

    def search_document(self):
        """The page's site-search entry: its text and the values search filters on."""
        return {
            "kind": self.template_kind,
            "title": self.title,
            "summary": self.summary or self.search_description or "",
            "body": self.search_body(),
            "body_areas": [item.slug for item in self.about_body_areas()],
            "conditions": [item.slug for item in self.about_conditions()],
            "difficulty": "",
            "total_minutes": None,
            "reading_grade": self.reading_grade,
        }

    # Publishing ----------------------------------------------------------------------------

    def publish(self, revision, user=None, **kwargs):
        """Every way to go live passes here: the revision must keep the publishing rules
        (education/rules.py), or PublishBlocked is raised and nothing changes."""
        from education.rules import PUBLISHING_RULES

        incoming = revision.as_object()
        PUBLISHING_RULES.enforce(incoming)
        # Read by editorial.signals: what reaches page_published without passing here (a
        # live copy) is checked there.
        revision.publishing_rules_kept = True
        overriding = incoming.reading_override_in_force and not incoming.reading_level_ok
        newly_overridden = overriding and (
            not self.live
            or not self.reading_override_in_force
            or self.reading_grade_override_reason != incoming.reading_grade_override_reason
        )
        result = super().publish(revision, user=user, **kwargs)
        if newly_overridden:
            log(
                instance=self,
                action="education.reading_override",  # editorial/audit.py words it
                user=user,
                revision=revision,
                data={
                    "grade": float(incoming.compute_reading_grade()),
                    "target": TARGET_GRADE,
                    "reason": incoming.reading_grade_override_reason.strip(),
                },
            )
        return result

    # JSON-LD -------------------------------------------------------------------------------

    def jsonld_items(self, request=None):
        """Every JSON-LD object the page carries (each rendered in its own script element)."""
        return [jsonld.medical_webpage(self, request)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["jsonld_items"] = self.jsonld_items(request)
        return context
