"""Background work of the change log (django-tasks): the request that made a change only
enqueues these, on commit. With the immediate backend (dev, tests) they run right after the
commit in the same process; in production `manage.py db_worker` runs them.
"""

from django.apps import apps
from django_tasks import task

from feeds import changelog


@task()
def refresh_entries(keys, reason_hint=None):
    """Re-materialise these [(kind, id)] items; writes only what a partner would see change."""
    return str(changelog.refresh_keys([tuple(key) for key in keys], reason_hint))


@task()
def refresh_everything():
    """Every item again (the Site's root URL changed); writes only what differs."""
    reports = changelog.rebuild()
    return "; ".join(f"{kind}: {report}" for kind, report in reports.items())


@task()
def refresh_embedding(model_label, pk):
    """A snippet or a video that items embed changed: re-materialise every item embedding it
    (a condition's codes appear in routines and therapists, a reviewer's name in every page
    they reviewed, a video's captions in its routines)."""
    return str(changelog.refresh_keys(keys_embedding(apps.get_model(model_label), pk)))


def keys_embedding(model, pk):
    """[(kind, id)] of every item that embeds this object."""
    from education.feed import pages_embedding

    keys = [tuple(key) for key in pages_embedding(model, pk)]
    return keys + [("therapist", therapist) for therapist in therapists_embedding(model, pk)]


def therapists_embedding(model, pk):
    from directory.models import Therapist
    from education.models import Condition

    if model is Condition:
        links = Therapist.conditions.through.objects.filter(condition_id=pk)
        return list(links.values_list("therapist_id", flat=True))
    return []
