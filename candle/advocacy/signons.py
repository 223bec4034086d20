"""Joint sign-on statements: organisations sign an appeal; staff approve or reject; the
approved ones show on the appeal's page grouped by country, in the reader's language.

A logo is checked by size (``LOGO_MAX_BYTES``), by content (Pillow must read it as PNG or JPEG,
whatever its name says; SVG and everything else are refused) and by dimensions, then re-encoded
as a fresh PNG under a random name, so nothing but pixels from the upload is ever served.
"""

from __future__ import annotations

import io
import logging
import struct
import warnings
from collections import defaultdict

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candle.audit.rows import rows_update
from candle.supporters.normalise import email_normalise

from .countries import CODES, country_name
from .forms import LOGO_MAX_BYTES
from .models import AppealPage, OrganisationSignature
from .signatures import text_clean

logger = logging.getLogger(__name__)

LOGO_MAX_SIDE = 2000
LOGO_OUT_SIDE = 400
SIGNONS_SECONDS = 60


def logo_clean(upload) -> ContentFile:
    """The upload as a new PNG at most ``LOGO_OUT_SIDE`` px wide or tall; a translated
    ``ValidationError`` if it is too large or not a PNG or JPEG picture."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is too large (at most 512 KB)."), code="logo_size")
    upload.seek(0)
    data = upload.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is too large (at most 512 KB)."), code="logo_size")
    try:
        with warnings.catch_warnings():
            # a header claiming a huge picture is refused like any other bad picture
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                probe.verify()
            if kind not in {"PNG", "JPEG"}:
                raise ValueError(kind)
            if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE or width < 1 or height < 1:
                raise ValueError("dimensions")
            with Image.open(io.BytesIO(data)) as image:
                image = image.convert("RGBA")
                image.thumbnail((LOGO_OUT_SIDE, LOGO_OUT_SIDE))
                out = io.BytesIO()
                image.save(out, format="PNG")
    except (
        # What Pillow raises for a broken file: ``verify`` raises SyntaxError for a bad
        # checksum, struct.error, IndexError or TypeError for a cut-off or lying chunk (the
        # same list Pillow's own ``Image.open`` turns into UnidentifiedImageError).
        UnidentifiedImageError,
        ValueError,
        OSError,
        EOFError,
        SyntaxError,
        IndexError,
        TypeError,
        struct.error,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationError(
            _("The logo must be a PNG or JPEG picture, at most 2000 pixels wide and tall."),
            code="logo_type",
        ) from None
    return ContentFile(out.getvalue(), name="logo.png")


def organisation_signature_create(
    *,
    appeal: AppealPage,
    name_ko: str,
    name_en: str,
    country: str,
    contact_name: str,
    email: str,
    website: str,
    logo: ContentFile | None,
    language: str,
    consent_text: str,
) -> tuple[OrganisationSignature, bool]:
    """Record an organisation's signature for review. A second one from the same contact
    address for the same appeal changes nothing (returns it with ``False``)."""
    name_ko, name_en = text_clean(name_ko), text_clean(name_en)
    contact_name = text_clean(contact_name)
    email = (email or "").strip()
    if not (name_ko or name_en) or len(name_ko) > 200 or len(name_en) > 200:  # noqa: PLR2004
        raise ValidationError(_("Please give the organisation's name."), code="name_invalid")
    if not contact_name or len(contact_name) > 200:  # noqa: PLR2004
        raise ValidationError(_("Please enter your name."), code="name_invalid")
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Please enter a valid e-mail address."), code="email_invalid"
        ) from None
    if country not in CODES:
        raise ValidationError(_("Please choose a country from the list."), code="country_invalid")
    if website and not website.lower().startswith(("https://", "http://")):
        raise ValidationError(_("Enter a valid URL."), code="website_invalid")
    if not appeal.is_open:
        raise ValidationError(_("This appeal no longer takes signatures."), code="closed")
    key = email_normalise(email)
    existing = OrganisationSignature.objects.filter(
        appeal_key=appeal.translation_key, email_normalised=key
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = OrganisationSignature(
                appeal=appeal,
                appeal_key=appeal.translation_key,
                name_ko=name_ko,
                name_en=name_en,
                country=country,
                contact_name=contact_name,
                email=email,
                email_normalised=key,
                website=website[:300],
                language="en" if language == "en" else "ko",
                consent_text=consent_text,
            )
            if logo is not None:
                row.logo.save("logo.png", logo, save=False)
            row.save()
    except IntegrityError:
        existing = OrganisationSignature.objects.filter(
            appeal_key=appeal.translation_key, email_normalised=key
        ).first()
        if existing is None:
            raise
        return existing, False
    logger.info("organisation signature created id=%s", row.pk)
    return row, True


def organisation_signature_review(*, signature: OrganisationSignature, approve: bool) -> None:
    """Staff's decision; the page shows the change within ``SIGNONS_SECONDS``."""
    status = (
        OrganisationSignature.Status.APPROVED if approve else OrganisationSignature.Status.REJECTED
    )
    rows_update(
        OrganisationSignature.objects.filter(pk=signature.pk),
        {"status": status, "reviewed_at": timezone.now()},
    )
    signature.status = status
    signons_changed(appeal_key=signature.appeal_key)


def signons_changed(*, appeal_key) -> None:
    """The approved list changed (a review, in the admin or here): forget the kept list and
    the appeal's cached pages in every language, once the change commits. Only that appeal's
    addresses: a signature by a person never purges anything."""
    from candle.caching.purge import page_addresses
    from candle.caching.services import page_cache_purge_paths

    cache.delete(_signons_key(appeal_key))
    paths: set[str] = set()
    for page in AppealPage.objects.live().filter(translation_key=appeal_key):
        paths |= page_addresses(page)
    page_cache_purge_paths(paths)


def _signons_key(appeal_key) -> str:
    return f"advocacy:signons:{appeal_key}"


def signons_by_country(*, appeal_key, language: str) -> list[dict]:
    """The approved organisations of an appeal, grouped by country (sorted by the country's
    name in ``language``), each ``{"name", "website", "logo_url"}``. Kept in the data cache
    (``SIGNONS_SECONDS``; a review forgets it). One query on a miss."""
    key = _signons_key(appeal_key)
    rows = cache.get(key)
    if rows is None:
        rows = list(
            OrganisationSignature.objects.filter(
                appeal_key=appeal_key, status=OrganisationSignature.Status.APPROVED
            )
            .order_by("pk")
            .values("country", "name_ko", "name_en", "website", "logo")
        )
        cache.set(key, rows, SIGNONS_SECONDS)
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if language == "en":
            name = row["name_en"] or row["name_ko"]
        else:
            name = row["name_ko"] or row["name_en"]
        logo_url = ""
        if row["logo"]:
            from django.core.files.storage import default_storage

            logo_url = default_storage.url(row["logo"])
        groups[row["country"]].append(
            {"name": name, "website": row["website"], "logo_url": logo_url}
        )
    result = [
        {
            "country": country_name(code, language),
            "code": code,
            "organisations": sorted(items, key=lambda item: item["name"]),
        }
        for code, items in groups.items()
    ]
    return sorted(result, key=lambda group: group["country"])
