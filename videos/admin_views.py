"""The videos admin: listing, upload, edit (captions, chapters) and reprocess."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.images import get_image_model

from . import processing, tasks
from .forms import VideoEditForm
from .models import ExerciseVideo, VideoStatus
from .permissions import permission_policy

# -- listing ------------------------------------------------------------------------------------


class PosterColumn(Column):
    cell_template_name = "videos/admin/poster_cell.html"


class StatusColumn(Column):
    cell_template_name = "videos/admin/status_cell.html"


def listing_columns():
    return [
        PosterColumn("poster", label=gettext_lazy("Poster"), width="120px"),
        TitleColumn(
            "title",
            label=gettext_lazy("Title"),
            url_name="exercise_videos:edit",
            sort_key="title",
        ),
        StatusColumn("status", label=gettext_lazy("Status"), sort_key="status"),
        Column("duration_display", label=gettext_lazy("Duration"), sort_key="duration"),
        Column("collection", label=gettext_lazy("Collection")),
        DateColumn("created_at", label=gettext_lazy("Uploaded"), sort_key="created_at"),
    ]


class VideoIndexView(generic.IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        # Only videos in collections where the user may do something with them.
        queryset = permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["add", "change", "delete", "choose"]
        )
        return queryset.select_related("poster", "collection")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            buttons.append(
                ListingButton(
                    _("Reprocess"),
                    url=reverse("exercise_videos:reprocess", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=40,
                )
            )
        return buttons


# -- upload -------------------------------------------------------------------------------------


class VideoCreateView(generic.CreateView):
    def form_valid(self, form):
        existing = ExerciseVideo.objects.filter(sha256=form.sha256).first()
        if existing is not None:
            return self._reuse(existing)
        return super().form_valid(form)

    def _reuse(self, existing):
        """An identical file is already stored: point at it instead of storing it twice."""
        can_edit = permission_policy.user_has_permission_for_instance(
            self.request.user, "change", existing
        )
        messages.info(
            self.request,
            _('This exact file was already uploaded as "%(title)s"; that video is used instead.')
            % {"title": existing.title},
        )
        if can_edit:
            return redirect("exercise_videos:edit", existing.pk)
        return redirect("exercise_videos:index")

    def save_instance(self):
        video = self.form.save(commit=False)
        video.sha256 = self.form.sha256
        video.uploaded_by_user = self.request.user
        for name, value in self.form.probe.model_fields().items():
            setattr(video, name, value)
        video.save()
        # With the database backend the task rows commit with the video; a worker picks them up.
        transaction.on_commit(lambda: tasks.enqueue_processing(video))
        return video

    def get_success_message(self, instance):
        return _('"%(title)s" uploaded. The poster and the web versions are being made.') % {
            "title": instance.title
        }

    def get_success_url(self):
        return reverse("exercise_videos:edit", args=[self.object.pk])


# -- edit ---------------------------------------------------------------------------------------


class VideoStatusPanel(Panel):
    """Read-only: processing state, probed facts, renditions and the reprocess button."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "videos/admin/status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            video = self.instance
            context.update(
                video=video,
                renditions=video.sources() if video.pk else [],
                reprocess_url=reverse("exercise_videos:reprocess", args=[video.pk])
                if video.pk
                else "",
            )
            return context


def edit_handler():
    return ObjectList(
        [
            VideoStatusPanel(heading=gettext_lazy("File and processing")),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("collection"),
            MultiFieldPanel(
                [FieldPanel("poster"), FieldPanel("poster_time")],
                heading=gettext_lazy("Poster"),
                help_text=gettext_lazy(
                    "Pick an image, or a time in the video to take the poster from. "
                    "Leave both empty to let us pick a representative frame."
                ),
            ),
            InlinePanel(
                "captions",
                heading=gettext_lazy("Captions"),
                label=gettext_lazy("Caption track"),
                help_text=gettext_lazy(
                    "Captions or a transcript are needed before a routine using this video "
                    "can be published (WCAG 2.2, 1.2.2)."
                ),
            ),
            FieldPanel("transcript"),
            InlinePanel(
                "chapters", heading=gettext_lazy("Chapters"), label=gettext_lazy("Chapter")
            ),
        ],
        base_form_class=VideoEditForm,
    )


class InstancePermissionMixin:
    """Edit and delete are decided per video (collection and owner), not per model."""

    instance_permission = "change"
    permission_required = None

    def get_object(self, queryset=None):
        video = super().get_object(queryset)
        if not permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_permission, video
        ):
            raise PermissionDenied
        return video


class VideoEditView(InstancePermissionMixin, generic.EditView):
    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Reprocess"),
                url=reverse("exercise_videos:reprocess", args=[self.object.pk]),
                icon_name="resubmit",
            )
        ]

    def save_instance(self):
        previous = ExerciseVideo.objects.only("poster_time", "poster_id", "poster_generated").get(
            pk=self.object.pk
        )
        video = super().save_instance()
        if video.poster_id != previous.poster_id:
            # The editor chose their own image (kept by reprocessing) or removed the poster.
            ExerciseVideo.objects.filter(pk=video.pk).update(poster_generated=False)
            video.poster_generated = False
            if previous.poster_generated and previous.poster_id:
                # Our frame is no longer used: do not leave it in the image library.
                get_image_model().objects.filter(pk=previous.poster_id).delete()
        elif video.poster_time != previous.poster_time:
            # The editor moved the poster timecode: take a new frame.
            processing.clear_generated_poster(video)
        if video.poster_id is None:
            transaction.on_commit(lambda: tasks.make_poster.enqueue(video.pk))
        return video


class VideoDeleteView(InstancePermissionMixin, generic.DeleteView):
    instance_permission = "delete"


# -- reprocess and status -----------------------------------------------------------------------


def _video_for(request, pk, permission="change"):
    video = get_object_or_404(ExerciseVideo, pk=pk)
    if not permission_policy.user_has_permission_for_instance(request.user, permission, video):
        raise PermissionDenied
    return video


def reprocess(request, pk):
    """GET asks for confirmation; POST throws away the renditions and generated poster and
    enqueues processing again from the kept original."""
    video = _video_for(request, pk)
    if request.method == "POST":
        with transaction.atomic():
            processing.reset_for_reprocessing(video)
            transaction.on_commit(lambda: tasks.enqueue_processing(video))
        messages.success(
            request, _('"%(title)s" is being processed again.') % {"title": video.title}
        )
        return redirect("exercise_videos:edit", video.pk)
    return TemplateResponse(request, "videos/admin/confirm_reprocess.html", {"video": video})


def status(request):
    """Status and progress of the videos listed (?id=1&id=2) for the admin's live progress."""
    ids = [int(pk) for pk in request.GET.getlist("id") if pk.isdigit()][:100]
    visible = permission_policy.instances_user_has_any_permission_for(
        request.user, ["add", "change", "delete", "choose"]
    ).filter(pk__in=ids)
    return JsonResponse(
        {
            "videos": [
                {
                    "id": video.pk,
                    "status": video.status,
                    "status_display": video.get_status_display(),
                    "progress": video.progress,
                    "step": video.processing_step,
                    "failure_reason": video.failure_reason,
                    "busy": video.status in (VideoStatus.UPLOADED, VideoStatus.PROCESSING),
                }
                for video in visible.only(
                    "pk", "status", "progress", "processing_step", "failure_reason"
                )
            ]
        }
    )
