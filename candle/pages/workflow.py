"""The two-step moderation workflow: a writer submits, an editor approves.

``workflow_setup()`` is idempotent; ``candle.access.roles.roles_setup`` (``manage.py
setup_roles``, the demo) calls it, then sets every role's permissions exactly. Alone it creates
the Writers and Editors groups and adds their permissions from the roles matrix
(``candle.access.roles.ROLES``) without removing any, so tests can use it.

- Writers (글쓴이) may add and edit pages, images and documents, and submit pages for review.
  They cannot publish.
- Editors (편집자) may do all that, publish, and approve or reject what writers submit.
- The workflow "검토 후 게시" (review before publishing) has one task, "편집자 승인" (editor
  approval), done by the Editors group; it applies to both home pages and everything below.

The two names are rows Wagtail shows as they are stored (its templates print ``workflow.name``,
never through a catalogue), so they are stored in one language: Korean, the staff's. They used
to be stored in both ("검토 후 게시 · Review before publishing"), which every screen, mail and
history entry then showed; ``workflow_setup()`` renames such rows.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from candle.access.roles import EDITORS, ROLES, WRITERS

from .models import HomePage

WORKFLOW_NAME = "검토 후 게시"
TASK_NAME = "편집자 승인"
# Names earlier versions stored; renamed in place, so the pages' workflow states keep their rows.
_OLD_WORKFLOW_NAMES = ["검토 후 게시 · Review before publishing"]
_OLD_TASK_NAMES = ["편집자 승인 · Editor approval"]


@transaction.atomic
def workflow_setup() -> Workflow:
    """Create the Writers and Editors groups and the review workflow on every home page."""
    groups = {}
    for name in (WRITERS, EDITORS):
        codenames = ROLES[name].page_permissions
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        groups[name] = group
        for home in HomePage.objects.all():
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
        root_collection = Collection.get_first_root_node()
        for codename in ROLES[name].collection_permissions:
            permission = Permission.objects.get(codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    task = _named(GroupApprovalTask, TASK_NAME, _OLD_TASK_NAMES)
    task.groups.set([groups[EDITORS]])
    workflow = _named(Workflow, WORKFLOW_NAME, _OLD_WORKFLOW_NAMES)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def _named(model, name: str, old_names: list[str]):
    """The row called ``name``, else the one under an old name renamed to it, else a new one."""
    row = model.objects.filter(name=name).first()
    if row is None:
        row = model.objects.filter(name__in=old_names).order_by("pk").first()
        if row is not None:
            row.name = name
            row.save(update_fields=["name"])
    if row is None:
        row = model.objects.create(name=name)
    return row
