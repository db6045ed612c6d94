"""The one JSON shape of each education page, used by the API (and later the feed)."""

from education.models import GuidePage, ModalityPage, SelfCareRoutinePage
from education.models.mixins import TARGET_GRADE


def taxon(item):
    return {"name": item.name, "slug": item.slug}


def condition_data(condition):
    return {
        "name": condition.name,
        "slug": condition.slug,
        "synonyms": condition.synonym_list,
        "icd10cm": condition.icd10cm_list,
        "snomed_ct": condition.snomed_list,
    }


def review_data(page):
    reviewer = page.reviewer if page.reviewer_id else None
    return {
        "reviewer": (
            {"name": reviewer.name, "credentials": reviewer.credentials} if reviewer else None
        ),
        "last_reviewed": page.last_reviewed,
        "interval_months": page.review_interval_months,
        "next_review_due": page.next_review_due,
    }


def summary_data(page, request=None):
    return {
        "id": page.pk,
        "type": page.template_kind,
        "title": page.title,
        "summary": page.summary,
        "url": page.get_full_url(request),
        "reading_grade": float(page.reading_grade) if page.reading_grade is not None else None,
        "last_published_at": page.last_published_at,
    }


def page_data(page, request=None):
    data = summary_data(page, request)
    data["reading_level"] = {
        "flesch_kincaid_grade": data["reading_grade"],
        "target_grade": TARGET_GRADE,
        "meets_target": page.reading_level_ok,
    }
    data["review"] = review_data(page)
    if isinstance(page, SelfCareRoutinePage):
        data.update(routine_data(page, request))
    elif isinstance(page, ModalityPage):
        data.update(modality_data(page))
    elif isinstance(page, GuidePage):
        data.update(guide_data(page))
    return data


def routine_data(page, request=None):
    steps = page.step_rows()
    video = page.shown_video
    return {
        "difficulty": page.difficulty,
        "total_minutes": page.total_minutes,
        "body_areas": [taxon(item) for item in page.body_area_list],
        "conditions": [condition_data(item) for item in page.condition_list],
        "equipment": [taxon(item) | {"kind": item.kind} for item in page.equipment_list],
        "steps": [
            {
                "number": row["number"],
                "title": row["title"],
                "instructions_html": str(row["instructions"]),
                "timing": row["timing"],
                "caution": row["caution"],
                "video_start": float(row["video_start"])
                if row["video_start"] is not None
                else None,
                "video_end": float(row["video_end"]) if row["video_end"] is not None else None,
            }
            for row in steps
        ],
        "red_flags": page.red_flag_texts(),
        "contraindications_html": str(page.contraindications),
        "video": video.feed_representation(request) if video else None,
        "video_chapters": page.video_chapters(steps),
    }


def modality_data(page):
    return {
        "what_it_is_html": str(page.what_it_is),
        "indications": [condition_data(item) for item in page.indication_list],
        "indications_summary": page.indications_summary,
        "session_minutes": {"min": page.session_min_minutes, "max": page.session_max_minutes},
        "primary_benefit": page.primary_benefit,
        "best_use": page.best_use,
        "pressure_level": page.pressure_level,
        "contraindications": page.contraindication_items(),
        "what_to_expect_html": str(page.what_to_expect),
        "evidence_summary_html": str(page.evidence_summary),
        "references": [dict(block.value) for block in page.references],
    }


def guide_data(page):
    return {
        "conditions": [condition_data(item) for item in page.conditions.all()],
        "body": [
            {"type": block.block_type, "value": block.block.get_api_representation(block.value)}
            for block in page.body
        ],
        "faq": [
            {"question": item["question"], "answer_html": str(item["answer"])}
            for item in page.faq_items()
        ],
    }
