"""What both backends share: the indexer that analyses every value before it is stored."""

import types

from modelsearch.index import RelatedFields

from ..analysis import analyse_document
from ..dictionary import user_dictionary_refresh


class AnalysingIndexerMixin:
    def __init__(self, *args, **kwargs):
        user_dictionary_refresh()
        super().__init__(*args, **kwargs)

    def prepare_field(self, obj, field):
        """modelsearch walks every field once for the title, once for the body and once for
        autocomplete; Kiwi is the expensive part, so each (object, field) is analysed once and
        remembered for the other two walks."""
        if isinstance(field, RelatedFields):  # the nested fields come back through this method
            yield from super().prepare_field(obj, field)
            return
        cache = self.__dict__.setdefault("_candle_analysed", {})
        key = (id(obj), id(field))
        if key not in cache:  # obj is kept in the entry so its id cannot be reused meanwhile
            cache[key] = (obj, [(*item[:-1], analyse_document(item[-1])) for item in super().prepare_field(obj, field)])
        yield from cache[key][1]


def with_indexer(function, module, indexer_class):
    """``function`` (a modelsearch ``add_items``) running with ``indexer_class`` as its
    ``ObjectIndexer``: the same code, so upstream fixes still reach us, without copying it."""
    namespace = dict(module.__dict__, ObjectIndexer=indexer_class)
    return types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                              function.__closure__)


# A query with no searchable word (only punctuation, emoji, control characters) asks for this
# token, which no real text contains, so it finds nothing instead of failing.
NOTHING_TOKEN = "zzznomatchzzz"  # noqa: S105 - not a password
