from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext
from wagtail import hooks

from .chooser import video_chooser_viewset
from .forms import group_permission_formset
from .models import ExerciseVideo
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


@hooks.register("describe_collection_contents")
def describe_collection_videos(collection):
    # Shown when deleting a collection, so nobody drops videos without knowing.
    count = ExerciseVideo.objects.filter(collection=collection).count()
    if not count:
        return None
    return {
        "count": count,
        "count_text": ngettext("%(count)s video", "%(count)s videos", count) % {"count": count},
        "url": reverse("exercise_videos:index") + f"?collection={collection.pk}",
    }
