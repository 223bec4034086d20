"""Countries and regions a testimony's events may name: a closed list, province level at the
finest, so a region field can never hold a village, a street or a house (what would identify a
person or their family). Anything finer goes into an event's encrypted place detail, which no
export ever carries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

COUNTRIES = (
    ("KP", _("North Korea")),
    ("CN", _("China")),
    ("RU", _("Russia")),
    ("MN", _("Mongolia")),
    ("LA", _("Laos")),
    ("VN", _("Vietnam")),
    ("TH", _("Thailand")),
    ("KR", _("South Korea")),
    ("ZZ", _("Other or unknown country")),
)

# (code, label): the code starts with its country's, so a region always matches its country.
REGIONS = (
    ("", _("Region unknown")),
    ("KP-01", _("Pyongyang")),
    ("KP-02", _("South Pyongan")),
    ("KP-03", _("North Pyongan")),
    ("KP-04", _("Chagang")),
    ("KP-05", _("South Hwanghae")),
    ("KP-06", _("North Hwanghae")),
    ("KP-07", _("Kangwon (North Korea)")),
    ("KP-08", _("South Hamgyong")),
    ("KP-09", _("North Hamgyong")),
    ("KP-10", _("Ryanggang")),
    ("KP-13", _("Rason")),
    ("KP-14", _("Nampo")),
    ("CN-JL", _("Jilin")),
    ("CN-LN", _("Liaoning")),
    ("CN-HL", _("Heilongjiang")),
    ("CN-NM", _("Inner Mongolia")),
    ("CN-YN", _("Yunnan")),
    ("CN-SD", _("Shandong")),
    ("CN-BJ", _("Beijing")),
    ("CN-ZZ", _("Elsewhere in China")),
)

COUNTRY_CODES = frozenset(code for code, _label in COUNTRIES)
REGION_CODES = frozenset(code for code, _label in REGIONS)


def region_fits_country(region: str, country: str) -> bool:
    return not region or region.startswith(f"{country}-")


def region_label(code: str) -> str:
    return str(dict(REGIONS).get(code, ""))
