"""Every schema.org builder of the education app; rendering always goes through home.jsonld.

Each builder takes the object it describes and returns a dict. The pages' thin
`jsonld_items()` methods pick the builders that apply; this module imports no models.
"""

from home.jsonld import breadcrumb_list, iso_duration, nested
from home.links import safe_href
from home.text import plain_text

CONTEXT = "https://schema.org"


# Taxonomy and reviewers ----------------------------------------------------------------------


def medical_condition(condition):
    codes = [
        {"@type": "MedicalCode", "codeValue": code, "codingSystem": "ICD-10-CM"}
        for code in condition.icd10cm_list
    ] + [
        {"@type": "MedicalCode", "codeValue": code, "codingSystem": "SNOMED-CT"}
        for code in condition.snomed_list
    ]
    data = {"@type": "MedicalCondition", "name": condition.name}
    if condition.synonym_list:
        data["alternateName"] = condition.synonym_list
    if codes:
        data["code"] = codes
    return data


def reviewer_person(reviewer):
    data = {"@type": "Person", "name": reviewer.name, "honorificSuffix": reviewer.credentials}
    if safe_href(reviewer.profile_url, relative=False):
        data["url"] = reviewer.profile_url
    return data


def _page_head(schema_type, page, url):
    """The start of every object that describes a page: its type, name, summary and URL."""
    return {
        "@context": CONTEXT,
        "@type": schema_type,
        "name": page.title,
        "description": page.summary,
        "url": url,
    }


# Every education page ------------------------------------------------------------------------


def medical_webpage(page, request=None):
    data = _page_head("MedicalWebPage", page, page.get_full_url(request)) | {
        "inLanguage": "en-US",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.reviewer_id:
        data["reviewedBy"] = reviewer_person(page.reviewer)
    conditions = [medical_condition(condition) for condition in page.about_conditions()]
    if conditions:
        data["about"] = conditions
    return data


def breadcrumbs(trail):
    """BreadcrumbList of a breadcrumb trail [(title, url, full_url)], root first; an ancestor
    with no URL (not public, education/models/base.py) is left out, as every item but the
    last needs one."""
    return breadcrumb_list([(title, full_url) for title, _url, full_url in trail if full_url])


# Routines ------------------------------------------------------------------------------------


def howto_step(page_url, row):
    step = {
        "@type": "HowToStep",
        "position": row["number"],
        "name": row["title"],
        "text": plain_text(row["instructions"]),
        "url": f"{page_url}#step-{row['number']}",
    }
    if row["caution"]:
        step["itemListElement"] = [
            {"@type": "HowToTip", "text": f"Caution: {row['caution']}"},
        ]
    return step


def routine_howto(page, request=None):
    """HowTo of a self-care routine, with its video (chapters from the steps) when shown."""
    steps = page.step_rows()
    page_url = page.get_full_url(request)
    data = _page_head("HowTo", page, page_url) | {
        "totalTime": iso_duration(page.total_minutes * 60),
        "step": [howto_step(page_url, row) for row in steps],
    }
    tools = [item.name for item in page.equipment_list if item.kind == "tool"]
    supplies = [item.name for item in page.equipment_list if item.kind == "supply"]
    if tools:
        data["tool"] = [{"@type": "HowToTool", "name": name} for name in tools]
    if supplies:
        data["supply"] = [{"@type": "HowToSupply", "name": name} for name in supplies]
    video = page.shown_video
    if video is not None:
        # Chapters from the steps' video times; without any, the video's own chapters.
        chapters = page.video_chapters(steps) or None
        data["video"] = nested(video.jsonld(request, chapters=chapters))
    return data


# Modalities ----------------------------------------------------------------------------------


def therapy(page, request=None):
    """MedicalTherapy of a modality page."""
    data = _page_head("MedicalTherapy", page, page.get_full_url(request))
    if page.indication_list:
        data["indication"] = [
            {"@type": "MedicalIndication", "name": condition.name}
            for condition in page.indication_list
        ]
    contraindications = page.contraindication_items()
    if contraindications:
        data["contraindication"] = contraindications
    return data


# Guides --------------------------------------------------------------------------------------


def faq_page(page):
    """FAQPage of a guide's FAQ blocks, or None when it has none."""
    items = page.faq_items()
    if not items:
        return None
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(item["answer"])},
            }
            for item in items
        ],
    }
