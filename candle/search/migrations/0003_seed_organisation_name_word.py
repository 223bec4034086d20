"""The organisation's Korean name as one proper noun in the search dictionary.

Kiwi reads 북한인권시민연합 as 북한 + 인권 + 시민 + 연합, so every page that names the
organisation (the about page, a post's sign-off) matched a search for 북한인권 as if it were
about North Korean human rights, and short pages that only named it outranked the posts on the
subject. As one word it matches a search for the name itself (and its start, 북한인권시민*),
not for the words inside it. Like 하나원 (0002), staff can remove it in the admin.
"""

from django.db import migrations

WORDS = [
    (
        "북한인권시민연합",
        "NNP",
        "the organisation's name: one word, so that it does not match a search for 북한인권",
    ),
]


def seed(apps, schema_editor):
    UserWord = apps.get_model("candle_search", "UserWord")
    for word, tag, note in WORDS:
        UserWord.objects.get_or_create(word=word, defaults={"tag": tag, "note": note})


def unseed(apps, schema_editor):
    UserWord = apps.get_model("candle_search", "UserWord")
    UserWord.objects.filter(word__in=[word for word, _tag, _note in WORDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("candle_search", "0002_seed_user_words")]
    operations = [migrations.RunPython(seed, unseed)]
