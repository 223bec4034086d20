"""The page editor's forms: what Wagtail's page form checks, said so an editor can act on it.

- A slug another page under the same parent already has: Wagtail says only that it is taken,
  and a new page an editor started and left (a draft never published, never shown in a
  listing they look at) holds its slug. We name the page that holds it and say it is an
  unpublished draft when it is, so the editor knows to pick another slug or delete that draft.
- A post's "also listed on" offers the other boards of its own language: not the board it
  lives on (it is listed there already) and not the other language's boards (a translated
  board lists what its source lists; ``pages.listings``).
"""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class CandlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Wagtail's error took the slug out of cleaned_data; the submitted value says which.
        slug = self.data.get(self.add_prefix("slug"), "")
        if slug and "slug" in self.errors and self.parent_page is not None:
            holder = (
                self.parent_page.get_children()
                .filter(slug=slug)
                .exclude(pk=self.instance.pk)
                .order_by("pk")
                .first()
            )
            if holder is not None:
                self.errors["slug"] = self.error_class([_slug_taken_message(slug, holder)])
        return cleaned_data


def _slug_taken_message(slug: str, holder: Page) -> str:
    if not holder.live and not holder.first_published_at:
        return _(
            "The address '%(slug)s' is already used by the page '%(title)s', a draft that was "
            "never published. Choose another address, or delete that draft if nobody needs it."
        ) % {"slug": slug, "title": holder.draft_title}
    return _(
        "The address '%(slug)s' is already used by the page '%(title)s' under the same "
        "parent. Choose another address."
    ) % {"slug": slug, "title": holder.draft_title}


class PostPageForm(CandlePageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("other_boards")
        if field is None:
            return
        from .models import BoardPage

        home_board = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        locale_id = self.instance.locale_id or (home_board.locale_id if home_board else None)
        boards = BoardPage.objects.filter(locale_id=locale_id)
        if home_board is not None:
            boards = boards.exclude(pk=home_board.pk)
        field.queryset = boards.order_by("path")
