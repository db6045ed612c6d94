"""The education side of the feed: routines, modalities and guides as JSON Feed 1.1 items.

`EducationFeedSource` (this app's `feeds.items.FeedSource`) turns page ids into `FeedItem`s, or
`Hidden`s saying why a page is not public, in a fixed number of queries whatever the number of
ids: the pages of one type with their public flags, one query per prefetched relation, and one
for the pages their rich text links to. Every absolute URL comes from the Site root
(`get_full_url()`, home/site_urls.py), never from a request, so an item materialised by a task
reads the same as one built in a request.

`pages_embedding(model, pk)` tells the feeds' receivers which pages carry a snippet or a video
in their item, so editing it re-materialises them. `fascia_json_schema()` is the JSON Schema of
the items' "_fascia" extension, served at /api/v1/feeds/schema/fascia.json.
"""

import copy
import json
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import BooleanField, ExpressionWrapper, Prefetch
from django.utils import timezone
from wagtail.blocks import StreamValue
from wagtail.models import Page
from wagtail.whitelist import check_url

from education.models import (
    BodyArea,
    Condition,
    Equipment,
    GuidePage,
    ModalityPage,
    Reviewer,
    SelfCareRoutinePage,
)
from education.schemas import EducationRecord
from feeds.items import FeedItem, FeedSource, Hidden, iso
from home import site_cache
from home.links import safe_href
from home.site_urls import absolute_url
from home.visibility import public_page_q
from videos.models import CaptionTrack, ExerciseVideo, VideoChapter, VideoRendition

FASCIA_SCHEMA_PATH = "/api/v1/feeds/schema/fascia.json"
MODELS = {"routine": SelfCareRoutinePage, "modality": ModalityPage, "guide": GuidePage}
STREAMS = {"routine": ("steps", "red_flags"), "modality": ("references",), "guide": ("body",)}


def json_safe(data):
    """Only JSON types: datetimes and dates as ISO strings, decimals as strings, as Django's
    encoder writes them (the education endpoint's encoding)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# Loading a batch of pages -------------------------------------------------------------------------


def _public_modalities():
    # Enough of a modality for a routine's terms: the public rule applied in the prefetch.
    return ModalityPage.objects.public().only("id", "slug", "title", "url_path", "path", "depth")


def _pages(kind, ids, now):
    """The pages of one kind among `ids`, with everything their item reads, and `in_public`:
    the whole public rule, computed by the database (its restriction half is a subquery over
    the ancestors); hidden_reason() tells the rest apart from columns already loaded."""
    model = MODELS[kind]
    in_public = ExpressionWrapper(public_page_q(now), output_field=BooleanField())
    queryset = (
        model.objects.filter(pk__in=ids)
        .annotate(in_public=in_public)
        .select_related("reviewer", "locale")
        .prefetch_related("tagged_items__tag")
    )
    if kind == "routine":
        queryset = queryset.select_related("video", "video__poster").prefetch_related(
            "body_areas",
            "conditions",
            "equipment",
            Prefetch("related_modalities", queryset=_public_modalities()),
            "video__renditions",
            "video__captions",
            "video__chapters",
            "video__poster__renditions",
        )
    elif kind == "modality":
        queryset = queryset.prefetch_related("indications")
    else:
        queryset = queryset.prefetch_related("conditions", "body_areas")
    pages = list(queryset)
    for page in pages:
        if kind == "routine":
            _fill_routine_relations(page)
    for name in STREAMS[kind]:
        convert_streams([getattr(page, name) for page in pages])
    return {page.pk: page for page in pages}


def convert_streams(streams):
    """Convert the blocks of several StreamValues of one field with one `bulk_to_python` per
    block type, as Wagtail does within one stream (StreamValue._prefetch_blocks): the images
    chosen in 30 routines' steps are then one query, not 30. This fills the same private
    cache Wagtail fills (`_bound_blocks`), with the same StreamChild objects."""
    pending = {}
    for stream in streams:
        if not getattr(stream, "is_lazy", False):
            continue  # already converted (a value set in Python)
        known = stream.stream_block.child_blocks
        for index, raw in enumerate(stream._raw_data):
            if stream._bound_blocks[index] is None and raw["type"] in known:
                pending.setdefault(raw["type"], []).append((stream, index, raw))
    for type_name, entries in pending.items():
        block = entries[0][0].stream_block.child_blocks[type_name]
        values = block.bulk_to_python([raw["value"] for _stream, _index, raw in entries])
        for (stream, index, raw), value in zip(entries, values, strict=True):
            stream._bound_blocks[index] = StreamValue.StreamChild(block, value, id=raw.get("id"))


def _by_name(items):
    return sorted(items, key=lambda item: item.name.lower())


def _fill_routine_relations(page):
    """A routine reads its relations through `relations` (one UNION query per page): fill it
    from the batch's prefetches instead, in the same order."""
    page.__dict__["relations"] = {
        "area": _by_name(page.body_areas.all()),
        "equipment": _by_name(page.equipment.all()),
        "condition": _by_name(page.conditions.all()),
        "modality": sorted(page.related_modalities.all(), key=lambda item: item.title.lower()),
    }


def hidden_reason(page, now, reason_hint=None):
    """Why a page that failed the public rule is not public (feeds.items.REASONS)."""
    if not page.live:
        scheduled = page.go_live_at is not None and page.go_live_at > now
        return "not_yet_live" if scheduled else "unpublished"
    if page.go_live_at is not None and page.go_live_at > now:
        return "not_yet_live"
    if page.expire_at is not None and page.expire_at <= now:
        return "expired"
    # Only a view restriction is left: on the page, or on an ancestor it was moved under.
    return "moved_out" if reason_hint == "move" else "made_private"


# Rich text links and absolute URLs ----------------------------------------------------------------


def _linked_page_ids(soups):
    ids = set()
    for soup in soups:
        for tag in soup.find_all("a", attrs={"linktype": "page"}):
            if str(tag.get("id", "")).isdigit():
                ids.add(int(tag["id"]))
    return ids


def _public_urls(ids):
    """{page id: absolute URL} for the public pages among `ids`, in one query."""
    if not ids:
        return {}
    pages = Page.objects.filter(public_page_q(), id__in=ids).defer_streamfields()
    return {page.pk: page.get_full_url() for page in pages}


def _absolute(value, page_url):
    """A link or source of a page's body, absolute: a path against the Site root, a fragment
    or query ("#step-1", "?a=1") against the page itself; "" when Wagtail's whitelist would
    refuse it (javascript:, data:, vbscript:, however disguised). mailto: and tel: stay, as
    the editor allows them."""
    value = check_url(value.strip())
    if not value:
        return ""
    if urlsplit(value).scheme or value.startswith("//"):
        return value
    if value.startswith("/"):
        return absolute_url(value)
    return urljoin(page_url, value)


def _finish_html(soup, urls, page_url):
    """Page links resolved (a link to a page the public cannot see keeps its text and loses
    its href, as on the site), every other link and source made absolute, and anything the
    cleaner should already have removed removed again (defence in depth: the HTML leaves our
    hands here)."""
    for tag in soup.find_all("a", attrs={"linktype": True}):
        target = urls.get(int(tag["id"])) if str(tag.get("id", "")).isdigit() else None
        tag.attrs = {"href": target} if target else {}
    for tag in soup.find_all(["script", "style", "embed", "iframe", "object"]):
        tag.decompose()
    for tag in soup.find_all(True):
        for name in [name for name in tag.attrs if name.lower().startswith("on")]:
            del tag[name]
        for name in ("href", "src"):
            if name in tag.attrs:
                value = _absolute(str(tag[name]), page_url)
                if value:
                    tag[name] = value
                else:
                    del tag[name]
    return str(soup)


# One item -----------------------------------------------------------------------------------------


def _authors(page):
    """The clinician who reviewed the page vouches for it, so the reviewer is the author a
    reader should see; a page with no reviewer is the site's own (its Site name)."""
    if page.reviewer_id:
        author = {"name": f"{page.reviewer.name}, {page.reviewer.credentials}"}
        url = safe_href(page.reviewer.profile_url, relative=False)
        return [author | ({"url": url} if url else {})]
    return [{"name": _site_name()}]


def _site_name():
    for site in site_cache.sites():
        if site.is_default_site:
            return site.site_name or site.hostname
    return "Fascia"


def _attachments(video):
    """JSON Feed attachments of a shown video: each rendition, then each caption track."""
    if video is None:
        return []
    out = []
    for rendition in video.sources():
        attachment = {
            "url": absolute_url(rendition.file.url),
            "mime_type": rendition.mime_type,
            "title": f"{video.title} ({rendition.name})",
            "size_in_bytes": rendition.file_size,
            "duration_in_seconds": video.duration,
        }
        out.append({key: value for key, value in attachment.items() if value is not None})
    for track in video.caption_list():
        attachment = {
            "url": absolute_url(track.file.url),
            "mime_type": "text/vtt",
            "title": f"{video.title}: {track.label} ({track.get_kind_display()})",
            "size_in_bytes": _file_size(track.file),
        }
        out.append({key: value for key, value in attachment.items() if value is not None})
    return out


def _file_size(field_file):
    try:
        return field_file.size
    except OSError:  # a missing file: the size is unknown, the track still listed
        return None


def _tags(page):
    slugs = [item.slug for item in page.about_body_areas()]
    slugs += [item.slug for item in page.about_conditions()]
    slugs += [item.slug for item in page.equipment_needed()]
    return list(dict.fromkeys(slugs))


def _terms(kind, page, language):
    terms = [f"type:{kind}"]
    terms += [f"area:{item.slug}" for item in page.about_body_areas()]
    for condition in page.about_conditions():
        terms.append(f"condition:{condition.slug}")
        terms += [f"icd:{code.lower()}" for code in condition.icd10cm_list]
        terms += [f"snomed:{code}" for code in condition.snomed_list]
    if kind == "routine":
        terms += [f"modality:{item.slug}" for item in page.live_related_modalities()]
    elif kind == "modality":
        terms.append(f"modality:{page.slug}")
    # Sorted: tagged items have no order of their own, and a stored entry must not change
    # because the database returned the same tags in another order.
    terms += sorted(f"tag:{tagged.tag.slug}" for tagged in page.tagged_items.all())
    # The item's own `tags` (body area, condition and equipment slugs) find it by ?tag= too.
    terms += [f"tag:{slug}" for slug in _tags(page)]
    terms.append(f"lang:{language}")
    return list(dict.fromkeys(term.lower() for term in terms))


def feed_item(kind, page, content_html):
    """The JSON Feed 1.1 item of one public page, without "id" (feeds adds its urn:uuid)."""
    language = page.locale.language_code
    video = page.shown_video if kind == "routine" else None
    item = {
        "url": page.get_full_url(),
        "title": page.title,
        "summary": page.summary,
        "content_html": content_html,
        "image": video.poster_url() if video else None,
        "date_published": iso(page.first_published_at),
        "date_modified": iso(page.last_published_at),
        "tags": _tags(page),
        "language": language,
        "authors": _authors(page),
        "attachments": _attachments(video),
        "_fascia": {
            "about": absolute_url(FASCIA_SCHEMA_PATH),
            **json_safe(page.api_data()),
            "translation_key": str(page.translation_key),
            "locale": language,
        },
    }
    # JSON Feed members are optional: leave out what a page has none of, rather than null.
    item = {key: value for key, value in item.items() if value not in (None, [])}
    return FeedItem(
        kind=kind,
        object_id=page.pk,
        item=item,
        language=language,
        terms=_terms(kind, page, language),
        valid_until=page.expire_at,
        expiry_reason="expired",
    )


# The source ---------------------------------------------------------------------------------------


class EducationFeedSource(FeedSource):
    feed = "education"
    kinds = tuple(MODELS)

    def build(self, kind, ids, reason_hint=None):
        """{id: FeedItem | Hidden} for these ids of one kind, in a fixed number of queries."""
        now = timezone.now()
        ids = list(dict.fromkeys(int(id_) for id_ in ids))
        pages = _pages(kind, ids, now) if ids else {}
        out, public = {}, []
        for id_ in ids:
            page = pages.get(id_)
            if page is None:
                out[id_] = Hidden(kind, id_, "deleted")
            elif not page.in_public:
                out[id_] = Hidden(kind, id_, hidden_reason(page, now, reason_hint))
            elif page.get_full_url() is None:
                # Public by the rule, but under no Site: nothing a partner could link to.
                out[id_] = Hidden(kind, id_, "moved_out")
            else:
                public.append(page)
        soups = {page.pk: BeautifulSoup(page.feed_body_html(), "html.parser") for page in public}
        urls = _public_urls(_linked_page_ids(soups.values()))
        for page in public:
            html = _finish_html(soups[page.pk], urls, page.get_full_url())
            out[page.pk] = feed_item(kind, page, html)
        return out

    def public_ids(self, kind):
        return list(MODELS[kind].objects.public().order_by("pk").values_list("pk", flat=True))


# Which pages embed a snippet or a video -----------------------------------------------------------


def _routines_and_guides(filters_by_kind):
    out = []
    for kind, lookup in filters_by_kind:
        ids = MODELS[kind].objects.filter(**lookup).order_by("pk").values_list("pk", flat=True)
        out += [(kind, pk) for pk in ids]
    return out


def pages_embedding(model, pk):
    """[(kind, page id)] of the education pages whose feed item carries this object: a body
    area, condition, piece of equipment, reviewer, video, or one of a video's renditions,
    caption tracks or chapters (through its video). Drafts and private pages are included:
    the feed decides what is public when it rebuilds them."""
    if model in (VideoRendition, CaptionTrack, VideoChapter):
        video_id = model.objects.filter(pk=pk).values_list("video_id", flat=True).first()
        return pages_embedding(ExerciseVideo, video_id) if video_id else []
    by_model = {
        BodyArea: [("routine", {"body_areas": pk}), ("guide", {"body_areas": pk})],
        Condition: [
            ("routine", {"conditions": pk}),
            ("modality", {"indications": pk}),
            ("guide", {"conditions": pk}),
        ],
        Equipment: [("routine", {"equipment": pk})],
        Reviewer: [(kind, {"reviewer": pk}) for kind in MODELS],
        ExerciseVideo: [("routine", {"video": pk})],
    }
    return list(dict.fromkeys(_routines_and_guides(by_model.get(model, []))))


# The "_fascia" extension's JSON Schema ------------------------------------------------------------


def fascia_json_schema():
    """JSON Schema (draft 2020-12) of an item's "_fascia" object: the education record
    (education/schemas.py) plus "about", "translation_key" and "locale"."""
    record = EducationRecord.model_json_schema()
    defs = record.pop("$defs", {})
    extension = {
        "about": {"type": "string", "format": "uri", "description": "This schema's URL."},
        "translation_key": {
            "type": "string",
            "format": "uuid",
            "description": "Shared by every language version of one page.",
        },
        "locale": {"type": "string", "description": "The page's language code (BCP 47)."},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": absolute_url(FASCIA_SCHEMA_PATH),
        "title": "Fascia education record (JSON Feed extension _fascia)",
        "description": (
            "The structured record of a routine, modality or guide, as the education detail "
            "endpoint serves it, told apart by type."
        ),
        "type": "object",
        "allOf": [copy.deepcopy({k: v for k, v in record.items() if k != "title"})],
        "properties": extension,
        "required": list(extension),
        "$defs": defs,
    }
