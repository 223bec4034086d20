from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, ReportTopic, WorkArea


class WorkAreaViewSet(SnippetViewSet):
    model = WorkArea
    icon = "folder-open-inverse"
    list_display = ["name_ko", "name_en", "slug"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name_ko", "name_en", "slug"]


class ReportTopicViewSet(SnippetViewSet):
    model = ReportTopic
    icon = "tag"
    list_display = ["name_ko", "name_en", "slug"]


class LabelsGroup(SnippetViewSetGroup):
    menu_label = _("Labels")
    menu_icon = "tag"
    items = (WorkAreaViewSet, CategoryViewSet, ReportTopicViewSet)


register_snippet(LabelsGroup)
