from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


def _in_english() -> bool:
    return (translation.get_language() or "ko").startswith("en")


@register_setting(icon="site")
class OrganisationSettings(ClusterableModel, BaseSiteSetting):
    """The organisation's name, contact details and bank accounts: the footer, the contact,
    give and dues pages, and receipts read them. Kept here, one place for who the
    organisation is and how to reach or pay it, rather than a second settings screen for
    giving. Each text a reader sees has a Korean and an English field (settings are not
    translated pages)."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200, default="북한인권시민연합")
    name_en = models.CharField(
        _("name (English)"),
        max_length=200,
        default="Citizens' Alliance for North Korean Human Rights",
    )
    short_name = models.CharField(_("short name"), max_length=40, default="NKHR")
    address_ko = models.CharField(_("address (Korean)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours_ko = models.CharField(_("office hours (Korean)"), max_length=200, blank=True)
    office_hours_en = models.CharField(_("office hours (English)"), max_length=200, blank=True)
    map_url = models.URLField(
        _("map link"),
        blank=True,
        help_text=_(
            "The office on OpenStreetMap, Kakao Map or Naver Map. Shown as a link: no map is "
            "embedded, so no map company's script runs on our pages."
        ),
    )
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    # The organisation's own accounts, linked from the footer of every page (plain links: no
    # third-party script or widget is loaded). An empty field is left out.
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) account"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name_ko"), FieldPanel("name_en")]),
        FieldPanel("short_name"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("address_ko"), FieldPanel("address_en")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldRowPanel([FieldPanel("office_hours_ko"), FieldPanel("office_hours_en")]),
                FieldPanel("map_url"),
            ],
            heading=_("Contact"),
        ),
        FieldRowPanel([FieldPanel("registration_number"), FieldPanel("founded")]),
        InlinePanel("bank_accounts", heading=_("Bank accounts"), label=_("bank account")),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    @classmethod
    def for_site(cls, site):
        """Wagtail's, with the row kept in the site-wide data cache as plain field values: the
        header and footer of every page read it, and saving it forgets the cache
        (``candle.caching.signals``)."""
        if site is None:
            return super().for_site(site)
        from candle.caching.store import row_from_values

        return row_from_values(cls, cls.values_for_site(site))

    @classmethod
    def values_for_site(cls, site) -> dict:
        """The site's row as plain field values (``row_values``), from the site-wide data cache:
        what ``for_site`` builds its instance from, for a reader that needs a value or two
        without a model instance (the head of every page: ``chrome_tags.organisation``)."""
        from candle.caching.store import cached_site_wide, row_values

        def compute() -> dict:
            return row_values(super(OrganisationSettings, cls).for_site(site))

        return cached_site_wide(f"organisation-settings:v1:{site.pk}", compute)

    @property
    def social_accounts(self) -> list[dict]:
        """The accounts that are filled in, as ``[{"name", "url"}]`` in the footer's order.
        The names are the services' own, the same in every language."""
        accounts = (
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("LinkedIn", self.linkedin_url),
        )
        return [{"name": name, "url": url} for name, url in accounts if url]

    @property
    def name(self) -> str:
        return self.name_en if _in_english() else self.name_ko

    @property
    def address(self) -> str:
        return self.address_en if _in_english() else self.address_ko

    @property
    def office_hours(self) -> str:
        return self.office_hours_en if _in_english() else self.office_hours_ko


class BankAccount(Orderable):
    """One of the organisation's bank accounts, for gifts and dues paid by transfer. The
    bank's and holder's names are written per language: the English page shows no Korean
    (a bank's English name, the holder romanised)."""

    settings = ParentalKey(
        OrganisationSettings, on_delete=models.CASCADE, related_name="bank_accounts"
    )
    bank_ko = models.CharField(_("bank (Korean)"), max_length=100)
    bank_en = models.CharField(_("bank (English)"), max_length=100)
    number = models.CharField(_("account number"), max_length=60)
    holder_ko = models.CharField(_("account holder (Korean)"), max_length=200)
    holder_en = models.CharField(_("account holder (English)"), max_length=200)
    purpose_ko = models.CharField(
        _("purpose (Korean)"),
        max_length=200,
        blank=True,
        help_text=_("Optional, e.g. 정기후원·회비 or 일시후원."),
    )
    purpose_en = models.CharField(
        _("purpose (English)"),
        max_length=200,
        blank=True,
        help_text=_("Optional, e.g. monthly gifts and dues."),
    )

    panels = [
        FieldRowPanel([FieldPanel("bank_ko"), FieldPanel("bank_en")]),
        FieldPanel("number"),
        FieldRowPanel([FieldPanel("holder_ko"), FieldPanel("holder_en")]),
        FieldRowPanel([FieldPanel("purpose_ko"), FieldPanel("purpose_en")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.bank_ko} {self.number}"

    def shown(self) -> dict[str, str]:
        """What a reader sees, in the active language, as plain values for the data cache."""
        english = _in_english()
        return {
            "bank": self.bank_en if english else self.bank_ko,
            "number": self.number,
            "holder": self.holder_en if english else self.holder_ko,
            "purpose": self.purpose_en if english else self.purpose_ko,
        }
