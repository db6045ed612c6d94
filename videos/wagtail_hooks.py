from wagtail import hooks

from .chooser import video_chooser_viewset


@hooks.register("register_admin_viewset")
def register_video_chooser():
    return video_chooser_viewset
