"""The admin chooser: FieldPanel on a ForeignKey to ExerciseVideo and VideoBlock use it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import ExerciseVideo
from .permissions import permission_policy


class _VideoColumnsMixin:
    @property
    def columns(self):
        return super().columns + [
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("duration", label=_("Duration"), accessor="duration_display"),
        ]

    def get_object_list(self):
        # Only videos in collections where the editor has "choose" (or can manage them).
        return (
            permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["choose", "change"]
            )
            .select_related("collection")
            .order_by("-created_at")
        )


class VideoChooseView(_VideoColumnsMixin, ChooseView):
    pass


class VideoChooseResultsView(_VideoColumnsMixin, ChooseResultsView):
    pass


class VideoChooserViewSet(ChooserViewSet):
    model = ExerciseVideo
    icon = "media"
    choose_one_text = _("Choose a video")
    choose_another_text = _("Choose another video")
    edit_item_text = _("Edit this video")
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView
    # Uploading needs ffprobe validation and processing: done on the videos admin page.
    creation_form_class = None
    per_page = 20


video_chooser_viewset = VideoChooserViewSet("video_chooser", url_prefix="videos/chooser")
