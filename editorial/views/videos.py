"""Videos that need someone: still processing, failed (with ffmpeg's reason, which staff may
see), or ready without captions or a transcript (no routine can publish with them)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from videos.models import CaptionTrack, ExerciseVideo
from videos.models.video import VideoStatus
from videos.permissions import permission_policy as video_permissions

PROBLEMS = [
    ("processing", "Processing"),
    ("failed", "Failed"),
    ("captions", "Missing captions and transcript"),
]


def problem_condition(problem):
    processing = Q(status__in=[VideoStatus.UPLOADED, VideoStatus.PROCESSING])
    failed = Q(status=VideoStatus.FAILED)
    has_tracks = Exists(CaptionTrack.objects.filter(video=OuterRef("pk")))
    uncaptioned = Q(status=VideoStatus.READY, transcript="") & ~has_tracks
    return {"processing": processing, "failed": failed, "captions": uncaptioned}.get(
        problem, processing | failed | uncaptioned
    )


class VideoProblemFilterSet(WagtailFilterSet):
    problem = django_filters.ChoiceFilter(
        label="Problem", choices=PROBLEMS, method="by_problem", empty_label="Any of them"
    )

    class Meta:
        model = ExerciseVideo
        fields = ["problem"]

    def by_problem(self, queryset, name, value):
        return queryset.filter(problem_condition(value))


def problem_of(video):
    if video.status == VideoStatus.FAILED:
        return f"Failed: {video.failure_reason}" if video.failure_reason else "Failed"
    if video.status != VideoStatus.READY:
        step = f" ({video.processing_step}, {video.progress}%)" if video.processing_step else ""
        return f"{video.get_status_display()}{step}"
    return "No captions and no transcript"


class VideosReportView(ReportView):
    page_title = "Videos needing attention"
    header_icon = "media"
    index_url_name = "editorial_videos:index"
    index_results_url_name = "editorial_videos:results"
    filterset_class = VideoProblemFilterSet
    permission_policy = video_permissions
    any_permission_required = ["add", "change"]
    columns = [
        TitleColumn("title", label="Video", url_name="exercise_videos:edit"),
        Column("problem", label="Problem", accessor=problem_of),
        DateColumn("created_at", label="Uploaded"),
    ]
    list_export = ["title", "problem", "created_at"]
    export_headings = {"title": "Video", "problem": "Problem", "created_at": "Uploaded"}

    def get_queryset(self):
        return (
            ExerciseVideo.objects.filter(problem_condition(""))
            .defer("transcript", "description")
            .order_by("-created_at", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for video in rows:
            video.problem = problem_of(video)
        return rows
