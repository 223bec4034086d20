"""The demo content: every page type in both languages, 30+ posts, 3 reports, idempotent."""

import gc
import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from candle.core.models import CandleDocument, CandleImage
from candle.pages import demo
from candle.pages.demo import assets
from candle.pages.demo.sections import SECTIONS
from candle.pages.models import (
    BoardPage,
    HomePage,
    PostComment,
    PostPage,
    ReportIndexPage,
    ReportPage,
    StandardPage,
    WorkAreaPage,
)

PAGE_TYPES = (
    HomePage,
    StandardPage,
    WorkAreaPage,
    BoardPage,
    PostPage,
    ReportIndexPage,
    ReportPage,
)


def _load(monkeypatch) -> str:
    # Other apps' demo modules are theirs to test; here only the site is loaded.
    monkeypatch.setattr(demo, "OTHER_APPS", ())
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    from django.contrib.auth import get_user_model

    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "latest_revisions": sorted(Page.objects.values_list("pk", "latest_revision_id")),
        "sources": TranslationSource.objects.count(),
        "translations": Translation.objects.count(),
        "strings": StringTranslation.objects.count(),
        "images": CandleImage.objects.count(),
        "documents": CandleDocument.objects.count(),
        "comments": PostComment.objects.count(),
        "users": get_user_model().objects.count(),
    }


# Wagtail renders image renditions into SpooledTemporaryFiles it never closes; they are
# collected (and warned about) at random points, so this test collects them itself.
@pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning", "ignore::ResourceWarning"
)
def test_demo_content(db, monkeypatch, client, settings):
    """One load (it takes a while), then everything a demo must show, then a second run."""
    settings.CANDLE_BASE_URL = "http://127.0.0.1:8760"  # what `PORT=8760 make demo` sets
    output = _load(monkeypatch)
    _check_the_site_is_addressed_as_served(output)
    _check_every_page_type_in_both_languages()
    _check_counts_and_the_things_a_demo_must_show(output)
    _check_translations_synced_free_and_missing()
    _check_every_demo_page_answers_in_both_languages(client)
    _check_demo_staff_speak_korean_in_the_admin()
    _check_one_demo_account_per_role(output)
    _check_membership_links_to_joining(client)
    _check_footer_and_privacy_policy(client)
    _check_line_breaks_keep_words_apart_for_search()
    before = _snapshot()
    second_output = _load(monkeypatch)
    assert _snapshot() == before, "a second run must create and change nothing"
    assert "(0 new)" in second_output
    gc.collect()


def _check_the_site_is_addressed_as_served(output):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8760)
    assert "Sign in at http://127.0.0.1:8760/admin/ as admin" in output


def _check_every_page_type_in_both_languages():
    for model in PAGE_TYPES:
        languages = set(model.objects.live().values_list("locale__language_code", flat=True))
        assert languages == {"ko", "en"}, model
    # the five fixed pages and the section pages (candle/pages/demo/sections.py)
    written = StandardPage.objects.filter(locale__language_code="en").exclude(body=[])
    assert written.count() == 5 + len(SECTIONS)
    assert all(page.intro for page in WorkAreaPage.objects.all())


def _check_counts_and_the_things_a_demo_must_show(demo_site):
    ko_posts = PostPage.objects.filter(locale__language_code="ko")
    assert ko_posts.count() >= 30
    assert ReportPage.objects.filter(locale__language_code="ko").count() == 3
    assert all(report.pdf.file_extension == "pdf" for report in ReportPage.objects.all())
    assert all(report.topics.exists() for report in ReportPage.objects.all())
    # pinned notice, a post on two boards, a reply, attachments, media coverage, comments
    assert ko_posts.filter(pinned=True, url_path__contains="/notices/").exists()
    assert ko_posts.exclude(other_boards=None).exists()
    assert ko_posts.exclude(in_reply_to=None).exists()
    assert ko_posts.exclude(attachments=None).exists()
    assert ko_posts.exclude(media_links=None).exists()
    assert PostComment.objects.exists()
    block_types = {block.block_type for post in PostPage.objects.all() for block in post.body}
    assert {"paragraph", "quote", "image", "video", "table"} <= block_types
    image_blocks = [b for post in ko_posts for b in post.body if b.block_type == "image"]
    assert all(block.value["alt_text"] for block in image_blocks)
    assert all(image.description for image in CandleImage.objects.all())
    # home: mission, highlight pointing at a post in the same language, impact figures
    for home in HomePage.objects.all():
        assert home.mission and home.impact_figures
        assert home.highlight_page.locale_id == home.locale_id
    assert any(
        "1,156" in block.value["figure"] for block in HomePage.objects.first().impact_figures
    )
    assert "Sign in at" in demo_site and "admin / candle-demo-admin" in demo_site


def _check_translations_synced_free_and_missing():
    synced_posts = Translation.objects.filter(
        enabled=True,
        source__specific_content_type__model="postpage",
        target_locale__language_code="en",
    )
    assert synced_posts.count() >= 20  # shown as translations in the admin
    untranslated = [
        p
        for p in PostPage.objects.filter(locale__language_code="ko")
        if not p.get_translations().exists()
    ]
    assert untranslated, "at least one Korean post has no English version"
    free = [
        page
        for page in PostPage.objects.filter(locale__language_code="en")
        if not TranslationSource.objects.filter(object_id=page.translation_key).exists()
    ]
    assert free, "at least one English post is written freely"
    en_reply = PostPage.objects.get(locale__language_code="en", in_reply_to__isnull=False)
    assert en_reply.in_reply_to.locale.language_code == "en"
    english_post = PostPage.objects.get(locale__language_code="en", slug="coi-report-published")
    assert "Commission of Inquiry" in str(english_post.body) and english_post.title.startswith(
        "UN inquiry"
    )


def _check_every_demo_page_answers_in_both_languages(client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert len(pages) > 70
    failures = [
        (page.url, status) for page in pages if (status := client.get(page.url).status_code) != 200
    ]
    assert failures == []
    english = {page.url for page in pages if page.locale.language_code == "en"}
    assert {"/en/about/", "/en/news/", "/en/reports/"} <= english
    for report in ReportPage.objects.all():
        response = client.get(report.pdf.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        # Close the served file only: response.close() would also close the database
        # connection (request_finished), which PostgreSQL runs of this test still need.
        stream = getattr(response, "file_to_stream", None)
        if stream is not None:
            stream.close()


def _check_line_breaks_keep_words_apart_for_search():
    """Wagtail's text for indexing spaces out ``<br/>`` (what its editor writes) but not
    ``<br>``: the contact page's lines were indexed and shown in snippets as one run
    ("주소)전화: …이메일")."""
    contacts = StandardPage.objects.filter(slug="contact")
    assert contacts.count() == 2
    for page in contacts:
        text = " ".join(page.body.stream_block.get_searchable_content(page.body))
        assert ("전화" in text) or ("Phone" in text)
        assert not re.search(r"\)(전화|Phone)|\d(이메일|E-mail)", text), text


def _check_demo_staff_speak_korean_in_the_admin():
    from django.contrib.auth import get_user_model

    for username in ("admin", "writer", "editor", "giving-staff", "auditor"):
        user = get_user_model().objects.get(username=username)
        assert user.wagtail_userprofile.preferred_language == "ko"
        assert user.email == f"{username}@candle.example"


def _check_one_demo_account_per_role(output):
    """Each role's account, in its group only, signs in with candle-demo-<username> and is
    printed with its role; none is enrolled in a second factor."""
    from django.contrib.auth import get_user_model

    from candle.access.roles import ROLES
    from candle.pages.demo import DEMO_STAFF

    accounts = {username: group for username, _family, _given, group in DEMO_STAFF}
    assert sorted(accounts.values()) == sorted(ROLES)  # one account per role
    assert set(accounts) == {
        "writer",
        "editor",
        "translator",
        "supporter-staff",
        "giving-staff",
        "programme-staff",
        "caseworker",
        "case-supervisor",
        "auditor",
        "system-administrator",
        "youth-reviewer",
    }
    for username, group_name in accounts.items():
        password = f"candle-demo-{username}"
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password) and user.is_active, username
        assert list(user.groups.values_list("name", flat=True)) == [group_name]
        assert not user.is_superuser
        assert f"  {username} / {password}  {group_name} (" in output
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("candle-demo-admin") and admin.is_superuser


def test_pdf_falls_back_to_english_without_the_korean_font(monkeypatch, tmp_path):
    monkeypatch.setattr(assets, "KOREAN_FONT", tmp_path / "missing.ttf")
    spec = assets.DemoPdf("x", "제목", "Title", ("한국어 문단",), ("An English paragraph.",))
    data = assets.pdf_render(spec)
    assert data.startswith(b"%PDF-")
    assert b"Title" in data or len(data) > 500


def _check_membership_links_to_joining(client):
    for language in ("ko", "en"):
        html = client.get(f"/{language}/membership/").content.decode()
        join = f"/{language}/supporters/join/"
        body = html[html.index("<main") : html.index("</main>")]
        assert f'<a href="{join}"' in body, language
        assert client.get(join).status_code == 200, join


def _check_footer_and_privacy_policy(client):
    """PIPA: the privacy policy is linked from every page, and says what Candle keeps."""
    must_say = {
        "ko": ("주민등록번호", "철회 후 30일", "5년", 'href="/ko/supporters/me/"', "가상"),
        "en": (
            "resident registration number",
            "30 days after you withdraw",
            "five years",
            'href="/en/supporters/me/"',
            "fictional",
        ),
    }
    for language, phrases in must_say.items():
        home = client.get(f"/{language}/").content.decode()
        footer = home[home.index('<footer class="site-footer">') :]
        assert f'<a class="footer-privacy" href="/{language}/privacy/">' in footer
        assert f'href="/{language}/contact/"' in footer
        assert "000-82-00000" in footer  # the demo's (fictional) registration number
        policy = client.get(f"/{language}/privacy/")
        assert policy.status_code == 200
        text = policy.content.decode()
        for phrase in phrases:
            assert phrase in text, (language, phrase)
        me = f"/{language}/supporters/me/"
        assert client.get(me).status_code == 200, me
        assert client.get(f"/{language}/contact/").status_code == 200


def test_make_demo_and_run_set_the_base_url_from_the_port(tmp_path):
    """`PORT=8760 make demo` (and `make run`) export CANDLE_BASE_URL for that port, unless it
    is set already: the recipes print what the server would get (nothing is installed or run)."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    environment = {k: v for k, v in os.environ.items() if k not in ("CANDLE_BASE_URL", "PORT")}

    def base_url(target: str, **env: str) -> set[str]:
        result = subprocess.run(  # noqa: S603
            [  # noqa: S607 - make from PATH, as a developer runs it
                "make",
                "--no-print-directory",
                "-s",
                target,
                "UV=true",
                "MANAGE=printenv CANDLE_BASE_URL; true",
            ],
            cwd=root,
            env={**environment, **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return set(result.stdout.split())

    assert base_url("demo", PORT="8760") == {"http://127.0.0.1:8760"}
    assert base_url("run", PORT="8761") == {"http://127.0.0.1:8761"}
    assert base_url("run") == {"http://127.0.0.1:8000"}
    assert base_url("demo", PORT="8760", CANDLE_BASE_URL="https://nkhr.example") == {
        "https://nkhr.example"
    }


def test_the_demo_site_is_addressed_as_it_is_served(db, settings):
    """The default site's hostname and port follow CANDLE_BASE_URL (what Wagtail builds from
    the site names the demo's address); loading again changes nothing."""
    from wagtail.models import Site

    from candle.pages.services import site_tree_ensure

    site_tree_ensure()
    settings.CANDLE_BASE_URL = "http://127.0.0.1:8760"
    assert demo._site_address_load() == ["The demo site answers as http://127.0.0.1:8760."]
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "127.0.0.1",
        8760,
        "http://127.0.0.1:8760",
    )
    assert demo._site_address_load() == []


def test_emailed_links_use_the_base_url(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """E-mailed links are built from CANDLE_BASE_URL (the supporter's page link here; giving's
    e-mails and Wagtail's moderation e-mails, through WAGTAILADMIN_BASE_URL, likewise), so the
    demo's mail points at the port it is served on."""
    from candle.supporters.access import access_link_send
    from candle.supporters.services import supporter_get_or_create

    settings.CANDLE_BASE_URL = "http://127.0.0.1:8760"
    supporter_get_or_create(email="gamyeong.kim@supporters.example", name="김가명", locale="ko")
    with django_capture_on_commit_callbacks(execute=True):
        assert access_link_send(email="gamyeong.kim@supporters.example")
    assert len(mailoutbox) == 1
    assert "http://127.0.0.1:8760/ko/supporters/" in mailoutbox[0].body
    assert "localhost" not in mailoutbox[0].body and ":8000" not in mailoutbox[0].body
