"""The admin's Partners menu: partners and their API tokens (docs/partners.md).

Both are snippets in one group; the token views (create shows the secret once, delete
revokes) are in admin_views.py. wagtail_hooks.py imports this module at start-up.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from feeds.admin_views import (
    ApiTokenForm,
    CreateTokenView,
    EditTokenView,
    RevokeTokenView,
    TokenIndexView,
)
from feeds.models.partners import ApiToken, ApiTokenUsage, Partner, usage_since

USAGE_DAYS = 30


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Partners"
    inspect_view_enabled = True
    list_display = [
        "name",
        "contact_email",
        BooleanColumn("active"),
        Column("active_tokens", label="Active tokens"),
    ]
    list_filter = ["active"]
    panels = [
        FieldPanel("name"),
        FieldPanel("contact_email"),
        FieldPanel("notes"),
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return Partner.objects.annotate(
            active_tokens=Count("tokens", filter=Q(tokens__revoked_at__isnull=True))
        )


def requests_since(day):
    """A token's requests from `day` to today, one subquery (0 when none)."""
    totals = (
        ApiTokenUsage.objects.filter(token=OuterRef("pk"), day__gte=day)
        .values("token")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=IntegerField()), 0)


class ApiTokenViewSet(SnippetViewSet):
    model = ApiToken
    icon = "key"
    menu_label = "API tokens"
    index_view_class = TokenIndexView
    index_template_name = "feeds/admin/token_index.html"  # no bulk actions bar
    add_view_class = CreateTokenView
    edit_view_class = EditTokenView
    delete_view_class = RevokeTokenView
    delete_template_name = RevokeTokenView.template_name  # the viewset's choice wins
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "partner",
        "name",
        "display_prefix",
        "scopes",
        "content_terms",
        "rate_limit_per_minute",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "daily_usage",
    ]
    list_display = [
        "name",
        "partner",
        Column("display_prefix", label="Token"),
        Column("status"),
        Column("requests_today", label="Requests today"),
        Column("requests_recent", label=f"Last {USAGE_DAYS} days"),
        "last_used_at",
        "expires_at",
    ]
    list_filter = ["partner"]
    edit_handler = ObjectList(
        [
            FieldPanel("partner"),
            FieldPanel("name"),
            FieldPanel("scopes"),
            FieldPanel("content_terms"),
            FieldPanel("rate_limit_per_minute"),
            FieldPanel("expires_at"),
        ],
        base_form_class=ApiTokenForm,
    )

    def get_queryset(self, request):
        return ApiToken.objects.select_related("partner").annotate(
            requests_today=requests_since(timezone.localdate()),
            requests_recent=requests_since(usage_since(USAGE_DAYS)),
        )


class PartnersGroup(SnippetViewSetGroup):
    menu_label = "Partners"
    menu_icon = "key"
    menu_order = 330  # after the Directory (320)
    items = (PartnerViewSet, ApiTokenViewSet)


# As directory/viewsets.py explains: snippets register here, at import, not through a hook.
register_snippet(PartnersGroup)
