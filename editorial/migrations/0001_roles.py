"""The editorial roles' groups (editorial/roles.py), with their permissions.

Django and Wagtail create model permissions after the last migration (post_migrate), so on a
new database the ones a role needs are made here first, as those handlers would make them
(they skip what exists). Additive, except that Editors lose any publish permission on pages:
they never publish education.
"""

from django.db import migrations

from editorial.roles import ADMIN, ROLES

PAGE_APP = "wagtailcore"


def permission(apps, app_label, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    action, model_name = codename.split("_", 1)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
    if (app_label, codename) == ADMIN:
        name = "Can access Wagtail admin"
    else:
        try:
            verbose_name = apps.get_model(app_label, model_name)._meta.verbose_name
        except LookupError:
            verbose_name = model_name
        name = f"Can {action} {verbose_name}"
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def group_for(apps, role):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=role.name).first()
    if group is None and role.replaces:
        group = Group.objects.filter(name=role.replaces).first()
        if group is not None:
            group.name = role.name
            group.save()
    return group or Group.objects.create(name=role.name)


def create_roles(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for role in ROLES:
        group = group_for(apps, role)
        group.permissions.add(*(permission(apps, *p) for p in role.permissions))
        for codename in role.page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(apps, PAGE_APP, codename)
            )
        for app_label, codename in role.collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=permission(apps, app_label, codename),
            )
        if "publish_page" not in role.page_permissions:
            GroupPagePermission.objects.filter(
                group=group, permission__codename="publish_page"
            ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("directory", "0009_http_urls_only"),
        ("feeds", "0003_envelope_head"),
        ("videos", "0002_poster_generated"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
