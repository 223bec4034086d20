from django.conf import settings
from django.utils import translation


def site_context(request):
    """Values every public template needs: the active and the other language, and the
    address of the give page in the active language (``GIVE_URL``, read only when a template
    shows it, from the site-wide data cache: no query per request)."""
    from functools import partial

    from candle.pages.navigation import give_page_url

    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    other = "en" if language == "ko" else "ko"
    return {
        "LANGUAGE": language,
        "OTHER_LANGUAGE": other,
        "OTHER_LANGUAGE_NAME": dict(settings.LANGUAGES)[other],
        # a callable: templates call it when they show it, so other pages (the admin) pay nothing
        "GIVE_URL": partial(give_page_url, language_code=language),
    }
