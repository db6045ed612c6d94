"""The index pages' listing (education.models.listing), filled from the pages already live."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    # Filled by 0008 instead: the app's own code writes the listing's columns of today, and
    # the schedule columns only exist from 0008 on.
    pass


class Migration(migrations.Migration):

    dependencies = [
        ('education', '0006_search_entry_moves_to_search'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ListingEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255)),
                ('difficulty', models.CharField(blank=True, max_length=12)),
                ('total_minutes', models.PositiveSmallIntegerField(null=True)),
                ('area', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='listing', to='education.bodyarea')),
                ('condition', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='listing', to='education.condition')),
                ('index', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['index', 'area', 'condition', 'title', 'page', 'difficulty', 'total_minutes'], name='education_listing_range')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
