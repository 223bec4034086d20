"""Data every Candle site starts with: both locales, the four work areas, the usual board
categories and the report library's topics. Editors can rename and add to them later."""

from django.db import migrations

WORK_AREAS = [
    ("advocacy", "옹호·캠페인", "Advocacy & Campaigns"),
    ("youth", "북한이탈청소년 교육", "North Korean Youth Programmes"),
    ("education", "인식개선 교육", "Public Education"),
    ("rescue", "북한난민 구호", "Refugee Rescue"),
]
CATEGORIES = [
    ("statement", "성명", "Statement"),
    ("press-release", "보도자료", "Press release"),
    ("activity", "활동", "Activity"),
    ("campaign", "캠페인", "Campaign"),
    ("urgent-appeal", "긴급호소", "Urgent appeal"),
    ("notice", "공지", "Notice"),
    ("un", "유엔", "UN"),
]
TOPICS = [
    ("womens-rights", "여성인권", "Women's rights"),
    ("childrens-rights", "아동인권", "Children's rights"),
    ("prison-camps", "정치범수용소", "Political prison camps"),
    ("torture", "고문", "Torture"),
    ("resettlement", "정착", "Resettlement"),
]


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in ("ko", "en"):
        Locale.objects.get_or_create(language_code=code)
    for model_name, rows in (("WorkArea", WORK_AREAS), ("Category", CATEGORIES), ("ReportTopic", TOPICS)):
        model = apps.get_model("pages", model_name)
        for order, (slug, name_ko, name_en) in enumerate(rows):
            model.objects.get_or_create(slug=slug, defaults={"name_ko": name_ko, "name_en": name_en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial"), ("wagtailcore", "0054_initial_locale")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
