from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation's name and contact details for the footer and receipts."""

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
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    # The organisation's own accounts, linked from the footer of every page (plain links: no
    # third-party script or widget is loaded). An empty field is left out.
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) account"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)

    class Meta:
        verbose_name = _("organisation")

    @classmethod
    def for_site(cls, site):
        """Wagtail's, with the row kept in the site-wide data cache as plain field values: the
        header and footer of every page read it, and saving it forgets the cache
        (``candle.caching.signals``)."""
        if site is None:
            return super().for_site(site)
        from candle.caching.store import cached_site_wide, row_from_values, row_values

        def compute() -> dict:
            return row_values(super(OrganisationSettings, cls).for_site(site))

        values = cached_site_wide(f"organisation-settings:v1:{site.pk}", compute)
        return row_from_values(cls, values)

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
        return (
            self.name_en if (translation.get_language() or "ko").startswith("en") else self.name_ko
        )

    @property
    def address(self) -> str:
        return (
            self.address_en
            if (translation.get_language() or "ko").startswith("en")
            else self.address_ko
        )
