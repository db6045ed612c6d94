"""Search entries carry their page's go-live and expiry times, applied when searches read.

Plain added columns (no table rebuild on SQLite, so the full-text triggers stay), filled from the
pages that have a schedule; the triggers watch only the text columns, so the fill re-indexes
nothing.
"""

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    schema_editor.execute(
        "UPDATE search_entry SET "
        "go_live_at = (SELECT p.go_live_at FROM wagtailcore_page p WHERE p.id = page_id), "
        "expire_at = (SELECT p.expire_at FROM wagtailcore_page p WHERE p.id = page_id) "
        "WHERE page_id IN (SELECT id FROM wagtailcore_page "
        "WHERE go_live_at IS NOT NULL OR expire_at IS NOT NULL)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0001_initial'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='expire_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='searchentry',
            name='go_live_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(condition=models.Q(('go_live_at__isnull', False)), fields=['go_live_at'], name='search_entry_go_live'),
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(condition=models.Q(('expire_at__isnull', False)), fields=['expire_at'], name='search_entry_expiry'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
