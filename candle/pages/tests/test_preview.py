"""Every page type of the site previews in every state an editor meets: a new page not yet
saved (the editor's live preview on "add"), a draft never published, a draft in moderation
(the reviewer's workflow preview), and a live page with a newer draft.

The unsaved page is built as Wagtail's create preview builds it (``PreviewOnCreateView``:
a model instance with no id, its tree path and address worked out from the parent, its
relations held in memory) and previewed through ``make_preview_request``, the call that
view ends with; the other states go through the admin's own preview URLs."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, get_page_models

from candle.pages.factories import post_make, report_make
from candle.pages.models import PostPage
from candle.pages.services import post_create
from candle.pages.workflow import EDITORS, WRITERS, workflow_setup

SITE_PAGE_MODELS = sorted(
    (model for model in get_page_models() if model.__module__.startswith("candle.")),
    key=lambda model: model._meta.label,
)
STATES = ["new", "draft", "in moderation", "live with a draft"]


def _campaign(home):
    from candle.giving.models import CampaignPage, MatchingPledge

    page = CampaignPage(
        title="한 생명 살리기",
        slug="preview-campaign",
        goal=Decimal("1000000"),
        currency="KRW",
        amount_presets="10000,30000,50000",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    MatchingPledge.objects.create(
        page=page, donor_name="익명의 후원자", ratio=Decimal("1"), cap=Decimal("100000")
    )
    return page


def _give(home):
    from candle.giving.models import GivePage

    page = GivePage(title="후원하기", slug="preview-give", currency="KRW")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _appeal(home):
    from candle.advocacy.tests.conftest import appeal_make

    return appeal_make(home, slug="preview-appeal", outcome=[("paragraph", "<p>전달했습니다.</p>")])


def _event_index(home):
    from candle.programmes.models import EventIndexPage

    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(title="행사", slug="preview-events", intro="함께해 주세요.")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _event(home):
    from candle.programmes.tests.conftest import event_make

    question = {"label": "소속", "kind": "text", "choices": "", "required": False}
    return event_make(_event_index(home), slug="preview-event", questions=[("question", question)])


def _youth_index(home):
    from candle.programmes.models import YouthProgrammeIndexPage

    index = YouthProgrammeIndexPage.objects.child_of(home).first()
    if index is None:
        index = YouthProgrammeIndexPage(
            title="청소년 프로그램", slug="preview-youth", intro="함께 배워요."
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _youth_programme(home):
    from django.contrib.auth.models import Group

    from candle.programmes.youth.factories import programme_make

    group = Group.objects.get_or_create(name="Youth programme reviewers")[0]
    return programme_make(parent=_youth_index(home), group=group, slug="preview-programme")


def _live_sample(model, tree) -> Page:
    """A live page of ``model`` with content in every part it has (a post is also listed on
    another board, the case that failed)."""
    ko = tree["ko"]
    builders = {
        "pages.HomePage": lambda: ko.home,
        "pages.StandardPage": lambda: ko.standard["about"],
        "pages.WorkAreaPage": lambda: next(iter(ko.work_areas.values())),
        "pages.BoardPage": lambda: ko.boards["news"],
        "pages.PostPage": lambda: post_make(
            ko.boards["news"],
            title="미리보기 글",
            body_html="<p>본문</p>",
            other_boards=[ko.boards["press"]],
        ),
        "pages.ReportIndexPage": lambda: ko.library,
        "pages.ReportPage": lambda: report_make(ko.library, slug="preview-report"),
        "giving.CampaignPage": lambda: _campaign(ko.home),
        "giving.GivePage": lambda: _give(ko.home),
        "advocacy.AppealPage": lambda: _appeal(ko.home),
        "programmes.EventIndexPage": lambda: _event_index(ko.home),
        "programmes.EventPage": lambda: _event(ko.home),
        "programmes.YouthProgrammeIndexPage": lambda: _youth_index(ko.home),
        "programmes.YouthProgrammePage": lambda: _youth_programme(ko.home),
    }
    assert model._meta.label in builders, f"add a sample of {model._meta.label} to this test"
    return model.objects.get(pk=builders[model._meta.label]().pk)


@pytest.fixture
def roles(site_tree, django_user_model):
    workflow_setup()
    writer = django_user_model.objects.create_user("writer", password="x-writer-pass-1")
    editor = django_user_model.objects.create_user("editor", password="x-editor-pass-1")
    writer.groups.add(Group.objects.get(name=WRITERS))
    editor.groups.add(Group.objects.get(name=EDITORS))
    return writer, editor


def _unsaved_like_create_preview(sample: Page) -> Page:
    """What ``PreviewOnCreateView`` previews: a new instance (no id) of the sample's type and
    content, placed after the parent's last child, with its address worked out."""
    data = {**sample.serializable_data(), "pk": None}
    page = type(sample).from_serializable_data(data)
    page.pk = page.id = page.page_ptr_id = None
    page.live, page.has_unpublished_changes = False, True
    page.slug = "brand-new-preview"
    parent = sample.get_parent().specific
    page.depth = parent.depth + 1
    page.path = parent.get_last_child()._inc_path()
    page.set_url_path(parent)
    return page


def _draft_copy(sample: Page, user) -> Page:
    """A page of the sample's type and content that has never been published."""
    copy = sample.copy(
        to=sample.get_parent(),
        update_attrs={"slug": f"{sample.slug}-draft", "title": f"{sample.title} (draft)"},
        keep_live=False,
        user=user,
    )
    workflow_setup()  # a copied home page is a new home: it gets the workflow and the roles
    return type(sample).objects.get(pk=copy.pk)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("model", SITE_PAGE_MODELS, ids=lambda model: model._meta.label)
def test_every_page_type_previews_in_every_state(model, state, site_tree, roles, client):
    writer, editor = roles
    sample = _live_sample(model, site_tree)
    client.force_login(editor)
    if state == "new":
        page = _unsaved_like_create_preview(sample)
        assert page.pk is None
        response = page.make_preview_request(None, page.default_preview_mode)
    elif state == "draft":
        page = _draft_copy(sample, writer)
        assert not page.live
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    elif state == "in moderation":
        page = _draft_copy(sample, writer)
        workflow_state = page.get_workflow().start(page, writer)
        task = workflow_state.current_task_state.task
        response = client.get(
            reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])
        )
    else:
        page = sample
        assert page.live
        draft = page.get_latest_revision_as_object()
        draft.title = f"{page.title} — 고친 제목"
        draft.save_revision(user=editor)
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200, (model, state)
    if state == "live with a draft":
        assert "고친 제목" in response.content.decode()


def test_a_never_published_post_listed_on_another_board_previews_in_moderation(roles, site_tree):
    """The case reported: a writer's new post also listed on the press board, submitted; the
    editor's workflow preview showed a 500 (the draft's other boards read as a query)."""
    from django.test import Client

    writer, editor = roles
    news, press = site_tree["ko"].boards["news"], site_tree["ko"].boards["press"]
    post = post_create(
        board=news,
        title="검토 중인 글",
        body_html="<p>초안</p>",
        other_boards=[press],
        publish=False,
    )
    task = post.get_workflow().start(post, writer).current_task_state.task
    client = Client()
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[post.pk, task.pk]))
    assert response.status_code == 200
    shown = response.content.decode()
    assert "검토 중인 글" in shown
    assert f'href="{press.url}"' in shown  # listed on the press board, from the draft
    assert not PostPage.objects.get(pk=post.pk).live
