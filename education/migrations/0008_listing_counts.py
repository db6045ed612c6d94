"""The listing's counts (education.models.listing.ListingCount); the listing filled from the pages
already live."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    # The app's own code, not historical models: it reads only columns that exist here, and the
    # listing must match what the signals keep up to date from now on.
    from education.models.listing import rebuild_all

    rebuild_all()


class Migration(migrations.Migration):

    dependencies = [
        ('education', '0007_listing'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ListingCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('difficulty', models.CharField(blank=True, max_length=12)),
                ('total_minutes', models.PositiveSmallIntegerField(null=True)),
                ('pages', models.IntegerField()),
                ('area', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='education.bodyarea')),
                ('condition', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='education.condition')),
                ('index', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['index', 'area', 'condition', 'difficulty', 'total_minutes', 'pages'], name='education_listing_counts')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
