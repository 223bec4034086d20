"""The consent wording shown on our forms. The text a person saw is recorded word for word
with their consent, in the language they read it in (PIPA art. 15 and 22: purpose, items,
retention period and the right to refuse, with required and optional consents apart)."""

from django.utils.translation import gettext as _


def membership_consent_text() -> str:
    return _(
        "[Required] Collection and use of personal data for membership. Purpose: managing your "
        "membership, dues and notices to members. Items: name, e-mail, phone number. Kept: while "
        "you are a member and for one year after your membership ends. You may refuse, but then "
        "we cannot register your membership."
    )


def newsletter_consent_text() -> str:
    return _(
        "[Optional] Receiving our newsletter and campaign news by e-mail. Items: name, e-mail. "
        "Kept: until you withdraw this consent, which you can do at any time from your "
        "supporter page. Refusing does not affect your membership."
    )
