from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import UserWord


class UserWordViewSet(SnippetViewSet):
    model = UserWord
    icon = "search"
    menu_label = _("Search dictionary")
    add_to_admin_menu = False
    list_display = ["word", "tag", "note", "updated_at"]
    search_fields = None
    ordering = ["word"]


register_snippet(UserWordViewSet)
