"""The two-step moderation workflow: a writer submits, an editor approves.

``workflow_setup()`` is idempotent; ``candle.access.roles.roles_setup`` (``manage.py
setup_roles``, the demo) calls it, then sets every role's permissions exactly. Alone it creates
the Writers and Editors groups and adds their permissions from the roles matrix
(``candle.access.roles.ROLES``) without removing any, so tests can use it.

- Writers (글쓴이) may add and edit pages, images and documents, and submit pages for review.
  They cannot publish.
- Editors (편집자) may do all that, publish, and approve or reject what writers submit.
- The workflow "검토 후 게시 · Review before publishing" has one task, "편집자 승인 · Editor
  approval", done by the Editors group; it applies to both home pages and everything below.
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

WORKFLOW_NAME = "검토 후 게시 · Review before publishing"
TASK_NAME = "편집자 승인 · Editor approval"


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

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([groups[EDITORS]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
