"""The demo site: a first minimal version (the full content is written in demo_content/)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .services import post_create, site_tree_ensure

DEMO_ADMIN = ("admin", "candle-demo-admin")


@transaction.atomic
def demo_content_load(*, stdout=None) -> list[str]:
    trees = site_tree_ensure()
    ko_news = trees["ko"].boards["news"]
    if not ko_news.get_children().exists():
        post_create(board=ko_news, title="데모 게시물", body_html="<p>데모 내용입니다.</p>")
    user_model = get_user_model()
    username, password = DEMO_ADMIN
    admin, created = user_model.objects.get_or_create(
        username=username, defaults={"is_superuser": True, "is_staff": True, "email": "admin@candle.example"}
    )
    if created:
        admin.set_password(password)
        admin.save()
    return [
        "Demo content is loaded.",
        f"Sign in at http://127.0.0.1:8000/admin/ as {username} / {password} (demo only).",
    ]
