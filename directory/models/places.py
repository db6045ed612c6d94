from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

from directory import jsonld
from directory.blocks import WEEKDAY_NAMES, ClosureBlock, OpeningIntervalBlock
from directory.search_index import reindex_therapists
from directory.validators import (
    validate_e164,
    validate_jurisdiction,
    validate_latitude,
    validate_longitude,
)
from directory.widgets import PublicPageSelect
from home.links import validate_http_url
from home.site_urls import absolute_url

from .therapists import Licence, LicenceStatus, Therapist
from .visibility import ClinicQuerySet, LocationQuerySet, public_modality_ids


class Clinic(PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    name = models.CharField("business name", max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    website = models.URLField(blank=True, validators=[validate_http_url])
    phone = models.CharField(
        max_length=20, blank=True, validators=[validate_e164], help_text="E.164, e.g. +13055550123."
    )
    email = models.EmailField(blank=True)
    booking_url = models.URLField(blank=True, validators=[validate_http_url])
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(blank=True, max_length=4000)
    establishment_licence_jurisdiction = models.CharField(
        "jurisdiction", max_length=6, blank=True, validators=[validate_jurisdiction]
    )
    establishment_licence_number = models.CharField("number", max_length=40, blank=True)
    establishment_licence_status = models.CharField(
        "status", max_length=20, choices=LicenceStatus.choices, blank=True
    )
    establishment_licence_expires_on = models.DateField("expires on", null=True, blank=True)
    establishment_licence_verified_at = models.DateTimeField("verified at", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicQuerySet.as_manager()

    template = "directory/clinic_detail.html"

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("booking_url"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("establishment_licence_jurisdiction"),
                        FieldPanel("establishment_licence_number"),
                        FieldPanel("establishment_licence_status"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("establishment_licence_expires_on"),
                        FieldPanel("establishment_licence_verified_at"),
                    ]
                ),
            ],
            heading="Establishment licence (optional)",
        ),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.establishment_licence_number and not self.establishment_licence_jurisdiction:
            raise ValidationError(
                {"establishment_licence_jurisdiction": "Say which jurisdiction issued it."}
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Therapists' search documents include the clinic name.
        therapists = Therapist.objects.filter(locations__clinic=self).values_list("pk", flat=True)
        reindex_therapists(list(therapists.distinct()), reason="clinic")

    def get_absolute_url(self):
        return reverse("directory:clinic", args=[self.slug])

    def absolute_url(self, request=None):
        """On the default Site's root (home.site_urls), never the request's host; `request`
        is accepted and ignored."""
        return absolute_url(self.get_absolute_url()) if self.slug else ""

    def public_locations(self):
        # A clinic not saved yet (previewed from the create form) has no places.
        return self.locations.public().with_details() if self.pk else Location.objects.none()

    def public_therapists(self, locations):
        """The public therapists at these places, with their licences and their places here."""
        return (
            Therapist.objects.public()
            .working_at(locations)
            .prefetch_related(
                Prefetch("licences", queryset=Licence.objects.order_by("jurisdiction")),
                Prefetch("locations", queryset=Location.objects.filter(clinic=self)),
            )
        )

    def get_context(self, request, preview=False):
        """The clinic page's context; the public page and the admin's preview both render it.

        Locations are separate snippets, so a draft of the clinic shows the published ones.
        """
        locations = list(self.public_locations())
        therapists = list(self.public_therapists(locations)) if locations else []
        return {
            "clinic": self,
            "locations": locations,
            "therapists": therapists,
            "structured_data": jsonld.clinic_graph(self, locations, therapists),
            "canonical_url": self.absolute_url(),
            "preview": preview,
        }

    def get_preview_template(self, request, mode_name):
        return self.template

    def get_preview_context(self, request, mode_name):
        return self.get_context(request, preview=True)

    @property
    def establishment_licence_is_valid(self):
        return bool(
            self.establishment_licence_number
            and self.establishment_licence_status == LicenceStatus.ACTIVE
            and self.establishment_licence_verified_at
            and (
                self.establishment_licence_expires_on is None
                or self.establishment_licence_expires_on > timezone.localdate()
            )
        )


class Location(DraftStateMixin, RevisionMixin, ClusterableModel):
    clinic = models.ForeignKey(
        Clinic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
        help_text="Leave empty for an independent therapist's own room or a mobile base.",
    )
    name = models.CharField(max_length=200, blank=True, help_text="E.g. Downtown studio.")
    street_address = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    locality = models.CharField("town or city", max_length=100)
    region = models.CharField("state or region", max_length=6, validators=[validate_jurisdiction])
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="US", help_text="ISO 3166 code.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, validators=[validate_latitude])
    longitude = models.DecimalField(max_digits=9, decimal_places=6, validators=[validate_longitude])
    phone = models.CharField(max_length=20, blank=True, validators=[validate_e164])
    wheelchair_accessible = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    near_transit = models.BooleanField("near public transit", default=False)
    accessibility_notes = models.CharField(max_length=300, blank=True)
    hours = StreamField(
        [("interval", OpeningIntervalBlock())],
        blank=True,
        help_text="One interval per day and opening; two for a lunch break.",
    )
    closures = StreamField(
        [("closure", ClosureBlock())], blank=True, help_text="Holidays and other closed dates."
    )

    objects = LocationQuerySet.as_manager()

    panels = [
        FieldPanel("clinic"),
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("address_line_2"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Address",
        ),
        FieldPanel("phone"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("wheelchair_accessible"),
                        FieldPanel("parking"),
                        FieldPanel("near_transit"),
                    ]
                ),
                FieldPanel("accessibility_notes"),
            ],
            heading="Accessibility",
        ),
        FieldPanel("hours"),
        FieldPanel("closures"),
        InlinePanel("services", heading="Services", label="Service"),
    ]

    class Meta:
        # Covers the geo prefilter entirely (box and published flag), so the wide rows are only
        # read for the page of results.
        indexes = [
            # id too: PostgreSQL index entries carry no primary key, and without it the box
            # scan visits every candidate's heap page (SQLite has the rowid in the index anyway).
            models.Index(
                fields=["latitude", "longitude", "live", "id"], name="directory_location_box"
            )
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # After ClusterableModel.save() has written the services: the documents of the
        # therapists working here hold the place's town and service names, and their
        # listings show the address, hours and services (this also tells the change log).
        reindex_therapists(self.therapist_ids(), reason="location")

    def therapist_ids(self):
        """The ids of the therapists linked to this place (published or not)."""
        if self.pk is None:
            return []
        links = Therapist.locations.through.objects.filter(location_id=self.pk)
        return list(links.values_list("therapist_id", flat=True))

    def __str__(self):
        where = f"{self.street_address}, {self.locality}, {self.region}"
        owner = self.clinic.name if self.clinic_id else self.name
        return f"{owner} – {where}" if owner else where

    @property
    def display_name(self):
        return self.name or (self.clinic.name if self.clinic_id else "")

    def address_data(self):
        """The postal address as the API and the feed write it."""
        return {
            "street_address": self.street_address,
            "address_line_2": self.address_line_2 or None,
            "locality": self.locality,
            "region": self.region,
            "postal_code": self.postal_code,
            "country": self.country,
        }

    @property
    def osm_url(self):
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=17/{self.latitude}/{self.longitude}"
        )

    @property
    def opening_intervals(self):
        """[(weekday number, day name, opens, closes)] in week order."""
        intervals = [
            (
                int(b.value["weekday"]),
                WEEKDAY_NAMES[b.value["weekday"]],
                b.value["opens"],
                b.value["closes"],
            )
            for b in self.hours
        ]
        return sorted(intervals, key=lambda i: (i[0], i[2]))

    def upcoming_closures(self, today=None):
        today = today or timezone.localdate()
        return [b.value for b in self.closures if b.value["ends_on"] >= today]

    @property
    def next_closure(self):
        closures = sorted(self.upcoming_closures(), key=lambda c: c["starts_on"])
        return closures[0] if closures else None


class Service(Orderable):
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=120)
    modality = models.ForeignKey(
        "education.ModalityPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    duration_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5)])
    price_min = models.DecimalField(max_digits=8, decimal_places=2)
    price_max = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="For a price range."
    )
    currency = models.CharField(max_length=3, default="USD")
    booking_url = models.URLField(blank=True, validators=[validate_http_url])

    panels = [
        FieldRowPanel(
            [
                FieldPanel("name"),
                # Public modality pages (and the linked one if it is hidden), not the page tree.
                FieldPanel("modality", widget=PublicPageSelect),
                FieldPanel("duration_minutes"),
            ]
        ),
        FieldRowPanel([FieldPanel("price_min"), FieldPanel("price_max"), FieldPanel("currency")]),
        FieldPanel("booking_url"),
    ]

    class Meta(Orderable.Meta):
        pass

    def __str__(self):
        return self.name

    def clean(self):
        if None not in (self.price_max, self.price_min) and self.price_max < self.price_min:
            raise ValidationError({"price_max": "The top of the range is below the bottom."})

    @property
    def public_modality(self):
        """The modality page this service names, only while the public may see it."""
        return self.modality if self.modality_id in public_modality_ids() else None

    @property
    def currency_symbol(self):
        return "$" if self.currency == "USD" else f"{self.currency} "

    @property
    def price_display(self):
        low = f"{self.price_min:,.0f}" if self.price_min == int(self.price_min) else self.price_min
        symbol = self.currency_symbol
        if self.price_max and self.price_max != self.price_min:
            high = f"{self.price_max:,.0f}"
            return f"{symbol}{low}–{high}"
        return f"{symbol}{low}"


class Postcode(models.Model):
    """A postcode centroid from a GeoNames gazetteer: geocoding without the network."""

    country = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=20)
    place_name = models.CharField(max_length=180, blank=True)
    admin_code = models.CharField(max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "postal_code"], name="directory_postcode_key"
            )
        ]

    def __str__(self):
        return f"{self.postal_code} {self.place_name}"
