"""Static files in production: whitenoise's compressed, hashed files, with each address kept."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CandleStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """``url()`` remembered per name for the life of the process.

    The manifest (name → hashed name) is read once when the storage is made and does not
    change while the server runs, yet every ``{% static %}`` looks the name up again and
    quotes and joins the address afresh: two on every page cost about 50 µs, a percent or two
    of an uncached page. With ``DEBUG`` (names served as they are) or ``force``, and while
    ``collectstatic`` is writing new hashed names, nothing is remembered.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            address = super().url(name, force)
            if len(self._urls) < 10_000:  # names come from templates, but keep it bounded
                self._urls[name] = address
            return address

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
