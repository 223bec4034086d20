"""Admin views of our own in place of wagtail-localize's, where its default would publish
without review.

**Sync translated pages** (wagtail-localize's "update translations") offers "Publish
immediately", which writes the source's new segments into every translation and publishes
it, bypassing the review workflow. Here the option is gone: a sync brings the new segments to
the translation editor, and the translation reaches readers only when it is published or
approved like any page. (New translations start as drafts too:
``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`` in settings.) Registered in
``wagtail_hooks`` at wagtail-localize's own address, which ours answers first."""

from wagtail_localize.views.update_translations import (
    UpdateTranslationsForm,
    UpdateTranslationsView,
)


class TranslationsSyncForm(UpdateTranslationsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["publish_translations"]


class TranslationsSyncView(UpdateTranslationsView):
    def get_form(self):
        return TranslationsSyncForm(self.request.POST if self.request.method == "POST" else None)

    def form_valid(self, form):
        form.cleaned_data["publish_translations"] = False  # never publish from a sync
        return super().form_valid(form)
