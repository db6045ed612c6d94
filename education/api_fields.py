"""Education data in Wagtail's API v2 (/api/v2/pages/), in the same shape as /api/education/."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.fields import Field


class EducationDataField(Field):
    """The page's whole education record: reading level, review, taxonomy, steps, video.

    One shape wherever a page is exposed: a partner reading the generic page API gets what the
    education endpoint serves, under the same rules (a video without captions is left out).
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        data = page.api_data(self.context.get("request"))
        # Dates and decimals as the education endpoint writes them (its encoder is Django's).
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
