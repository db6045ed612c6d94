"""The listing's rows carry each page's go-live and expiry times, applied when it is read."""

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    # The app's own code, not historical models: the listing must match what the signals keep
    # up to date from now on. It writes every column the listing has today, so a migration
    # that adds listing columns must move this fill after it (as this one did from 0007).
    from education.models.listing import rebuild_all

    rebuild_all()


class Migration(migrations.Migration):

    dependencies = [
        ('education', '0007_listing'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='listingentry',
            name='education_listing_range',
        ),
        migrations.AddField(
            model_name='listingentry',
            name='expire_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name='listingentry',
            name='go_live_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddIndex(
            model_name='listingentry',
            index=models.Index(fields=['index', 'area', 'condition', 'title', 'page', 'difficulty', 'total_minutes', 'go_live_at', 'expire_at'], name='education_listing_window'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
