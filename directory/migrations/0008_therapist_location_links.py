"""Therapist locations become a child relation (TherapistLocation) on the same table.

The many-to-many table directory_therapist_locations already has what the new model needs (id,
therapist_id, location_id, unique together), so only Django's idea of it changes: no rows move,
and the covering indexes of migration 0005 stay in place.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_licence_board_checked_at")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="therapist", name="locations"),
                migrations.CreateModel(
                    name="TherapistLocation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="directory.location",
                            ),
                        ),
                        (
                            "therapist",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="location_links",
                                to="directory.therapist",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "directory_therapist_locations",
                        "unique_together": {("therapist", "location")},
                    },
                ),
                migrations.AddField(
                    model_name="therapist",
                    name="locations",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="therapists",
                        through="directory.TherapistLocation",
                        to="directory.location",
                    ),
                ),
            ],
        )
    ]
