from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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


@hooks.register("register_admin_urls")
def translations_sync_without_publishing():
    """wagtail-localize's "Sync translated pages" address, answered by our view, which never
    publishes (``admin_views.TranslationsSyncView``). Our hooks run before wagtail-localize's
    (``candle.pages`` comes first in ``INSTALLED_APPS``), so this pattern is matched first."""
    from .admin_views import TranslationsSyncView

    return [
        path(
            "localize/update/<int:translation_source_id>/",
            TranslationsSyncView.as_view(),
            name="candle_translations_sync",
        )
    ]
