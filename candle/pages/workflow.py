"""Roles and the two-step moderation workflow: a writer submits, an editor approves.

``workflow_setup()`` is idempotent; `load_demo_content` and the `setup_roles` command call it.

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

from .models import HomePage

WRITERS = "Writers"
EDITORS = "Editors"
WORKFLOW_NAME = "검토 후 게시 · Review before publishing"
TASK_NAME = "편집자 승인 · Editor approval"

_PAGE_PERMISSIONS = {
    WRITERS: ["add_page", "change_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
_COLLECTION_PERMISSIONS = [
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
]


@transaction.atomic
def workflow_setup() -> Workflow:
    """Create the Writers and Editors groups and the review workflow on every home page."""
    groups = {}
    for name, codenames in _PAGE_PERMISSIONS.items():
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
        for codename in _COLLECTION_PERMISSIONS:
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
