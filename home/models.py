from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import EntryPointBlock, SocialProfileBlock
from home.visibility import public_page_q

phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{7,20}$", "Enter a phone number such as +1 555 010 0199."
)


class HomePage(Page):
    hero_heading = models.CharField(max_length=120, default="Feel better between sessions")
    hero_text = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two plain sentences under the heading.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    introduction = RichTextField(features=["bold", "italic", "link", "ol", "ul"], blank=True)
    entry_points = StreamField([("entry_point", EntryPointBlock())], blank=True, max_num=6)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading="Hero",
        ),
        FieldPanel("introduction"),
        FieldPanel("entry_points"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("introduction"),
    ]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["public_card_page_ids"] = self.public_card_page_ids()
        return context

    def public_card_page_ids(self):
        """Ids of the cards' chosen pages that the public can see, in one query for all cards
        (home/visibility.py); a card whose page is a draft, expired or restricted is left out
        (templates/home/blocks/entry_point.html)."""
        ids = [block.value["page"].pk for block in self.entry_points if block.value["page"]]
        if not ids:
            return set()
        return set(Page.objects.filter(public_page_q(), pk__in=ids).values_list("pk", flat=True))


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(max_length=120, default="Fascia")
    legal_name = models.CharField(max_length=200, blank=True)
    street_address = models.CharField(max_length=200, blank=True)
    locality = models.CharField("town or city", max_length=100, blank=True)
    region = models.CharField("state or region", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(
        max_length=2, blank=True, default="US", help_text="Two-letter ISO 3166 code."
    )
    phone = models.CharField(max_length=32, blank=True, validators=[phone_validator])
    email = models.EmailField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    social_profiles = StreamField([("profile", SocialProfileBlock())], blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("legal_name"), FieldPanel("logo")],
            heading="Organisation",
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("locality"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
            ],
            heading="Address",
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading="Contact"),
        FieldPanel("social_profiles"),
    ]

    class Meta:
        verbose_name = "site settings"

    @property
    def has_address(self):
        return any([self.street_address, self.locality, self.postal_code])
