from django.conf import settings
from django.utils import translation


def site_context(request):
    """Values every public template needs: the active and the other language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    other = "en" if language == "ko" else "ko"
    return {
        "LANGUAGE": language,
        "OTHER_LANGUAGE": other,
        "OTHER_LANGUAGE_NAME": dict(settings.LANGUAGES)[other],
    }
