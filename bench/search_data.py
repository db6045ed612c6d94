"""Site-search benchmark data: the routines of bench/education_data.py, indexed for search as
publishing indexes them. Shared by bench/education_search.py and bench/site_search.py; call it
after `bench.common.setup_django()` (it imports the models when it runs)."""

import time


def searchable_routines(count, seed=5000):
    """A site with `count` routines in one index, each with its search entry. Returns the
    seconds the routines took to add and index."""
    from django.db import connection
    from wagtail.models import Page

    from bench import education_data
    from education.models import RoutineIndexPage
    from search import indexing

    home = education_data.site()
    areas, _ = education_data.taxonomy()
    index = Page.objects.get(pk=home.pk).add_child(
        instance=RoutineIndexPage(title="Self-care", slug="self-care")
    )
    started = time.perf_counter()
    education_data.add_routines(index, count, seed, areas, each=indexing.index_page)
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # Measure the steady state autovacuum reaches, for every engine's tables alike: fresh
        # statistics, and GIN pending lists merged (Wagtail's index keeps one; ours has none).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return seconds
