import factory

from feeds.models import ApiToken, Partner


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    contact_email = factory.Sequence(lambda n: f"dev{n}@partner.example")
    active = True


def issue_token(partner=None, name="Booking app", **fields):
    """A saved ApiToken and its secret in plain text, as the admin issues them."""
    return ApiToken.issue(partner or PartnerFactory(), name, **fields)


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
