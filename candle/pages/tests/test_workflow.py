"""The two-step moderation workflow: a writer submits, only an editor can approve and publish."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Workflow

from candle.pages.models import PostPage
from candle.pages.services import post_create
from candle.pages.workflow import EDITORS, TASK_NAME, WORKFLOW_NAME, WRITERS, workflow_setup


@pytest.fixture
def roles(site_tree, django_user_model):
    workflow_setup()
    writer = django_user_model.objects.create_user("writer", password="x-writer-pass-1")
    editor = django_user_model.objects.create_user("editor", password="x-editor-pass-1")
    writer.groups.add(Group.objects.get(name=WRITERS))
    editor.groups.add(Group.objects.get(name=EDITORS))
    return writer, editor


def test_setup_is_idempotent(roles):
    workflow_setup()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert Group.objects.filter(name__in=[WRITERS, EDITORS]).count() == 2


def test_names_are_in_one_language_and_old_bilingual_rows_are_renamed(site_tree):
    """Wagtail prints the stored names as they are: one language, not "한국어 · English"."""
    old_task = GroupApprovalTask.objects.create(name="편집자 승인 · Editor approval")
    old_workflow = Workflow.objects.create(name="검토 후 게시 · Review before publishing")

    workflow = workflow_setup()

    assert workflow.pk == old_workflow.pk
    assert workflow.name == WORKFLOW_NAME == "검토 후 게시"
    old_task.refresh_from_db()
    assert old_task.name == TASK_NAME == "편집자 승인"
    assert list(workflow.tasks.values_list("pk", flat=True)) == [old_task.pk]
    workflow_setup()
    assert Workflow.objects.filter(name__contains="검토 후 게시").count() == 1
    assert GroupApprovalTask.objects.filter(name__contains="편집자 승인").count() == 1


def test_every_page_below_a_home_page_gets_the_workflow(roles, site_tree):
    board = site_tree["ko"].boards["news"]
    assert board.get_workflow() is not None
    assert site_tree["en"].boards["news"].get_workflow() == board.get_workflow()


def test_writer_can_edit_but_not_publish(roles, site_tree):
    writer, editor = roles
    board = site_tree["ko"].boards["news"]
    writer_perms = board.permissions_for_user(writer)
    assert writer_perms.can_add_subpage()
    assert writer_perms.can_edit()
    assert not writer_perms.can_publish()
    assert board.permissions_for_user(editor).can_publish()


def test_writer_submits_and_editor_approves(roles, site_tree):
    writer, editor = roles
    board = site_tree["ko"].boards["news"]
    post = post_create(board=board, title="검토 대기 글", body_html="<p>초안</p>", publish=False)
    workflow = post.get_workflow()
    state = workflow.start(post, writer)
    post.refresh_from_db()
    assert not post.live
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(post, writer) == []  # the writer cannot approve their own work
    assert "approve" in [action[0] for action in task.get_actions(post, editor)]
    task.on_action(task_state, editor, "approve")
    post = PostPage.objects.get(pk=post.pk)
    assert post.live
    assert Page.objects.get(pk=post.pk).live
