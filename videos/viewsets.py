"""The admin "Videos" section: a ModelViewSet with our upload, edit and reprocess views."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .forms import VideoUploadForm
from .models import ExerciseVideo


class ExerciseVideoViewSet(ModelViewSet):
    model = ExerciseVideo
    icon = "media"
    menu_label = _("Videos")
    menu_order = 310  # after the Education snippets (305), before the Directory (320)
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = admin_views.VideoIndexView
    add_view_class = admin_views.VideoCreateView
    edit_view_class = admin_views.VideoEditView
    delete_view_class = admin_views.VideoDeleteView
    list_filter = ["status", "collection"]
    list_per_page = 30

    @property
    def list_display(self):
        return admin_views.listing_columns()

    def get_edit_handler(self):
        return admin_views.edit_handler().bind_to_model(ExerciseVideo)

    @cached_property
    def upload_handler(self):
        # Upload asks only for what is needed before processing; the rest comes after.
        panels = [FieldPanel(name) for name in VideoUploadForm.Meta.fields]
        return ObjectList(panels, base_form_class=VideoUploadForm).bind_to_model(ExerciseVideo)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(panel=self.upload_handler, **kwargs)

    def get_form_class(self, for_update=False):
        if for_update:
            return self._edit_handler.get_form_class()
        return self.upload_handler.get_form_class()

    def get_permissions_to_register(self):
        # Video permissions are given per collection (group permission panel), not globally.
        return Permission.objects.none()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("reprocess/<int:pk>/", admin_views.reprocess, name="reprocess"),
            path("status/", admin_views.status, name="status"),
        ]


video_viewset = ExerciseVideoViewSet("exercise_videos", url_prefix="videos")
