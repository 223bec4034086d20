from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from candle.pages.blocks import BaseStreamBlock
from candle.pages.models import BasePage

from .choices import AMOUNT_LIMITS, DEFAULT_PRESETS, Currency


def _parse_presets(text: str) -> list[Decimal]:
    values = []
    for part in (text or "").split(","):
        part = part.strip().replace(" ", "")
        if not part:
            continue
        try:
            values.append(Decimal(part))
        except ArithmeticError:
            continue
    return values


class GivingPageMixin(models.Model):
    """What both giving pages share: currency, amount presets, monthly gifts allowed."""

    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.KRW,
        help_text=_("Korean won for the Korean site, US dollars for the English site."),
    )
    amount_presets = models.CharField(
        _("amount presets"),
        max_length=200,
        blank=True,
        help_text=_("Amounts offered as buttons, separated by commas, e.g. 10000,30000,50000."),
    )
    allow_monthly = models.BooleanField(_("offer monthly giving"), default=True)

    # The English page may ask in dollars: a translator can override these.
    override_translatable_fields = [
        SynchronizedField("currency", overridable=True),
        SynchronizedField("amount_presets", overridable=True),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        low, high = AMOUNT_LIMITS[Currency(self.currency)]
        for value in _parse_presets(self.amount_presets):
            if not low <= value <= high:
                raise ValidationError(
                    {
                        "amount_presets": _("Each preset must be between %(low)s and %(high)s.")
                        % {"low": f"{low:,}", "high": f"{high:,}"}
                    }
                )

    @property
    def presets(self) -> list[Decimal]:
        return _parse_presets(self.amount_presets) or _parse_presets(
            DEFAULT_PRESETS[Currency(self.currency)]
        )

    def serve(self, request, *args, **kwargs):
        # The form carries a CSRF token and a one-time submission token; the thermometer moves
        # with every gift. Never stored by a cache.
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class GivePage(GivingPageMixin, BasePage):  # noqa: DJ008 - Page has __str__
    """The general "give" page: a gift to the organisation's work, not to one campaign."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("currency"), FieldPanel("amount_presets"), FieldPanel("allow_monthly")],
            heading=_("Donation form"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("give page")
        verbose_name_plural = _("give pages")

    def get_context(self, request, *args, **kwargs):
        from wagtail.models import Site

        from candle.pages.organisation import organisation_bank_accounts

        from ..forms import DonationForm
        from ..selectors import campaigns_open

        context = super().get_context(request, *args, **kwargs)
        context["form"] = DonationForm.for_page(self)
        context["bank_accounts"] = organisation_bank_accounts(site=Site.find_for_request(request))
        context["campaigns"] = campaigns_open(locale_id=self.locale_id)
        return context


class CampaignPage(GivingPageMixin, BasePage):  # noqa: DJ008 - Page has __str__
    """One appeal with a story, a goal, a deadline and a thermometer of gifts."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BaseStreamBlock(), verbose_name=_("story"), blank=True)
    goal = models.DecimalField(
        _("goal"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("In the page's currency."),
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Gifts are no longer taken after this day."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("currency"), FieldPanel("deadline")], heading=_("Goal")
        ),
        MultiFieldPanel(
            [FieldPanel("amount_presets"), FieldPanel("allow_monthly")], heading=_("Donation form")
        ),
        InlinePanel("matching_pledges", heading=_("Matching pledges"), label=_("matching pledge")),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    # One campaign has one goal and one total in every language (``campaign_progress`` reads
    # the original's): a translation cannot set its own goal.
    override_translatable_fields = [
        *GivingPageMixin.override_translatable_fields,
        SynchronizedField("goal"),
    ]

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")

    @property
    def is_open(self) -> bool:
        return self.deadline is None or timezone.localdate() <= self.deadline

    def get_context(self, request, *args, **kwargs):
        from ..forms import DonationForm
        from ..selectors import campaign_progress

        context = super().get_context(request, *args, **kwargs)
        context["progress"] = campaign_progress(campaign=self)
        context["form"] = DonationForm.for_page(self) if self.is_open else None
        return context


class MatchingPledge(Orderable):
    """A donor's promise to match gifts: ``ratio`` × each gift, up to ``cap``, until ``deadline``."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="matching_pledges")
    donor_name = models.CharField(
        _("matching donor"),
        max_length=200,
        help_text=_("For staff. Shown on the page only if the donor agreed below."),
    )
    name_public = models.BooleanField(
        _("name may be shown"),
        default=False,
        help_text=_(
            "Tick only if the donor agreed in writing to be named on the public page, in both "
            'languages. Otherwise the page says "a matching donor".'
        ),
    )
    ratio = models.DecimalField(
        _("ratio"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("1.00 matches each gift won for won."),
    )
    cap = models.DecimalField(
        _("cap"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The most this donor will give, in the page's currency."),
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Gifts received after this day are not matched."),
    )

    panels = [
        FieldPanel("donor_name"),
        FieldPanel("name_public"),
        FieldPanel("ratio"),
        FieldPanel("cap"),
        FieldPanel("deadline"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("matching pledge")
        verbose_name_plural = _("matching pledges")
