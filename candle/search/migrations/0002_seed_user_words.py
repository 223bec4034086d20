from django.db import migrations

WORDS = [
    ("하나원", "NNP", "Hanawon, the resettlement centre: otherwise read as 하나 + 원"),
]


def seed(apps, schema_editor):
    UserWord = apps.get_model("candle_search", "UserWord")
    for word, tag, note in WORDS:
        UserWord.objects.get_or_create(word=word, defaults={"tag": tag, "note": note})


class Migration(migrations.Migration):
    dependencies = [("candle_search", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
