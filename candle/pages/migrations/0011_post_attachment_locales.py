"""Each attachment takes its post's language, and the attachments at the same place on a post
and on its translations share a translation key, which is how wagtail-localize pairs them
(its caption is then translated instead of copied from the Korean)."""

import uuid

from django.db import migrations


def locales_and_keys(apps, schema_editor):
    PostAttachment = apps.get_model("pages", "PostAttachment")
    Page = apps.get_model("wagtailcore", "Page")
    posts = {
        pk: (locale_id, key)
        for pk, locale_id, key in Page.objects.filter(
            pk__in=PostAttachment.objects.values("post_id")
        ).values_list("pk", "locale_id", "translation_key")
    }
    place: dict[int, int] = {}
    for attachment in PostAttachment.objects.order_by("post_id", "sort_order", "pk"):
        locale_id, page_key = posts[attachment.post_id]
        index = place.get(attachment.post_id, 0)
        place[attachment.post_id] = index + 1
        attachment.locale_id = locale_id
        attachment.translation_key = uuid.uuid5(page_key, f"attachment/{index}")
        attachment.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0010_post_attachment_translatable_bootstrap")]
    operations = [migrations.RunPython(locales_and_keys, migrations.RunPython.noop)]
