"""The "Clinical review" workflow: one ClinicalReviewTask for the Clinical reviewers group,
on the root of the page tree (every page inherits it), in place of the group approval
workflows Wagtail made for its Moderators. Those are kept, inactive, for their history.
Harmless to run again.
"""

from django.db import migrations

from editorial.roles import CLINICAL_REVIEWERS

NAME = "Clinical review"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ClinicalReviewTask = apps.get_model("editorial", "ClinicalReviewTask")

    content_type, _ = ContentType.objects.get_or_create(
        app_label="editorial", model="clinicalreviewtask"
    )
    task = ClinicalReviewTask.objects.filter(name=NAME).first()
    if task is None:
        task = ClinicalReviewTask.objects.create(
            name=NAME, content_type=content_type, active=True
        )
    reviewers = Group.objects.filter(name=CLINICAL_REVIEWERS.name).first()
    if reviewers is not None:
        task.groups.add(reviewers)

    workflow, _ = Workflow.objects.get_or_create(name=NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    replaced = WorkflowPage.objects.filter(page=root).exclude(workflow=workflow)
    old_workflows = list(replaced.values_list("workflow_id", flat=True))
    replaced.delete()
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    Workflow.objects.filter(pk__in=old_workflows).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_clinicalreviewtask"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
