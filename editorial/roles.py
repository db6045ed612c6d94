"""The editorial roles: one Wagtail group each, with what it may and may not do.

- Editors write education pages, videos and images and submit them for review; they never
  publish education (no publish permission on any page).
- Clinical reviewers approve or reject in the clinical review and may publish pages.
- Directory managers keep therapists, clinics and locations (with their licences and
  services), and run imports; no pages.
- Partner managers keep partners and their API tokens; nothing else.

The data migration (editorial 0001) creates the groups from this; `seed_demo` adds a demo user
to each. Wagtail's own "Moderators" group becomes "Clinical reviewers", so its approval task
keeps its group; its "Editors" group is reused.
"""

from dataclasses import dataclass, field

ADMIN = ("wagtailadmin", "access_admin")


@dataclass(frozen=True)
class Role:
    name: str
    demo_username: str
    # Model permissions: (app_label, codename).
    permissions: tuple = ()
    # Permissions on the page tree's root, inherited by every page: codenames of Wagtail's
    # page permissions (add_page, change_page, publish_page, bulk_delete_page, lock_page,
    # unlock_page).
    page_permissions: tuple = ()
    # Permissions on the root collection, inherited by every collection: (app_label, codename).
    collection_permissions: tuple = ()
    replaces: str = ""  # a group of Wagtail's that this role takes over, renamed
    description: str = field(default="", compare=False)


def model_permissions(app_label, model, actions):
    return tuple((app_label, f"{action}_{model}") for action in actions)


MEDIA = (
    model_permissions("wagtailimages", "image", ("add", "change", "choose"))
    + model_permissions("wagtaildocs", "document", ("add", "change", "choose"))
    + model_permissions("videos", "exercisevideo", ("add", "change", "choose"))
)
SNIPPET_ACTIONS = ("add", "change", "delete", "view", "publish")

EDITORS = Role(
    name="Editors",
    demo_username="editor",
    permissions=(ADMIN,),
    page_permissions=("add_page", "change_page", "lock_page"),
    collection_permissions=MEDIA,
    description="Write education pages, videos and images; submit them for clinical review.",
)
CLINICAL_REVIEWERS = Role(
    name="Clinical reviewers",
    demo_username="reviewer",
    permissions=(ADMIN,),
    page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    collection_permissions=model_permissions("wagtailimages", "image", ("choose",))
    + model_permissions("videos", "exercisevideo", ("choose",)),
    replaces="Moderators",
    description="Approve or reject education in the clinical review; publish.",
)
DIRECTORY_MANAGERS = Role(
    name="Directory managers",
    demo_username="directory",
    permissions=(ADMIN,)
    + model_permissions("directory", "therapist", (*SNIPPET_ACTIONS, "lock", "unlock"))
    + model_permissions("directory", "clinic", (*SNIPPET_ACTIONS, "lock", "unlock"))
    + model_permissions("directory", "location", SNIPPET_ACTIONS),
    collection_permissions=model_permissions("wagtailimages", "image", ("add", "choose")),
    description="Therapists, clinics, locations, licences, services and imports.",
)
PARTNER_MANAGERS = Role(
    name="Partner managers",
    demo_username="partners",
    permissions=(ADMIN,)
    + model_permissions("feeds", "partner", ("add", "change", "delete", "view"))
    + model_permissions("feeds", "apitoken", ("add", "change", "delete", "view")),
    description="Partners and their API tokens.",
)
ROLES = (EDITORS, CLINICAL_REVIEWERS, DIRECTORY_MANAGERS, PARTNER_MANAGERS)
