"""Who may add, change, delete and choose videos: per collection, like Wagtail images.

Editors with "add" may change and delete the videos they uploaded themselves; "change"
covers everyone's videos in that collection; "choose" lets a page editor pick videos.
"""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .models import ExerciseVideo

permission_policy = CollectionOwnershipPermissionPolicy(
    ExerciseVideo, auth_model=ExerciseVideo, owner_field_name="uploaded_by_user"
)
