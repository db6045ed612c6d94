from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .chooser import video_chooser_viewset
from .forms import group_permission_formset
from .viewsets import video_viewset


@hooks.register("register_admin_viewset")
def register_video_chooser():
    return video_chooser_viewset


@hooks.register("register_admin_viewset")
def register_videos():
    return video_viewset


@hooks.register("insert_global_admin_js")
def video_progress_js():
    # Updates status and progress of videos being processed on the listing and edit pages.
    return format_html('<script src="{}" defer></script>', static("videos/admin-progress.js"))


@hooks.register("register_group_permission_panel")
def register_video_permissions_panel():
    return group_permission_formset()
