"""The admin pages an editor uses, as URLs: the walk ``test_admin_korean.py`` takes.

Found, not listed, where Wagtail lets us: every admin URL without a parameter (dashboards,
listings, add forms, reports, account), every registered viewset's edit view (snippets, giving,
supporters) for its first row, and for each page in the tree its edit, add-child, history,
revisions and compare views. A screen added later is walked by itself.
"""

from __future__ import annotations

import contextlib

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.models import Page, Revision, Task, Workflow

# Parameterless admin URLs that are not screens a person reads (files, JSON, redirects, POST).
_NOT_SCREENS = (
    "/admin/sprite/",
    "/admin/logout/",
    "/admin/failwhale/",
    "/admin/test404/",
    "/admin/jsi18n/",
    "/admin/tag-autocomplete/",
    "/admin/api/",
    "/admin/localize/jsi18n/",
    "/admin/giving/export/",
    "/admin/giving/nts/",
)


def _parameterless(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if "<" in route or "(" in route or "^" in route or "$" in route or "\\" in route:
            continue
        if isinstance(pattern, URLResolver):
            found += _parameterless(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            found.append("/" + prefix + route)
    return found


def admin_urls_parameterless() -> list[str]:
    urls = [
        url
        for url in _parameterless(get_resolver())
        if url.startswith("/admin/") and not url.startswith(_NOT_SCREENS)
    ]
    return sorted(set(urls))


def admin_urls_viewset_edit() -> list[str]:
    urls = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not isinstance(model, type) or issubclass(model, Page):
            continue
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        for view in ("edit", "inspect", "history", "usage"):
            with contextlib.suppress(NoReverseMatch, AttributeError):
                urls.append(reverse(viewset.get_url_name(view), args=[row.pk]))
    return urls


def admin_urls_pages() -> list[str]:
    """Each page's edit and history screens; add views of each type each parent allows."""
    urls = []
    seen_types: set[type] = set()
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        urls.append(reverse("wagtailadmin_explore", args=[page.pk]))
        if type(page) in seen_types:
            continue
        seen_types.add(type(page))
        urls += [
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            reverse("wagtailadmin_pages:add_subpage", args=[page.pk]),
            reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
            reverse("wagtailadmin_pages:delete", args=[page.pk]),
            reverse("wagtailadmin_pages:move", args=[page.pk]),
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        ]
        if page.live:
            urls.append(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
        for child_type in page.specific_class.allowed_subpage_models():
            urls.append(
                reverse(
                    "wagtailadmin_pages:add",
                    args=[child_type._meta.app_label, child_type._meta.model_name, page.pk],
                )
            )
        revisions = list(Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk")[:2])
        if len(revisions) == 2:
            urls.append(
                reverse(
                    "wagtailadmin_pages:revisions_compare",
                    args=[page.pk, revisions[0].pk, revisions[1].pk],
                )
            )
            urls.append(
                reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revisions[0].pk])
            )
    return sorted(set(urls), key=urls.index)


def admin_urls_workflows() -> list[str]:
    urls = [reverse("wagtailadmin_workflows:edit", args=[w.pk]) for w in Workflow.objects.all()]
    urls += [reverse("wagtailadmin_workflows:edit_task", args=[t.pk]) for t in Task.objects.all()]
    return urls


def admin_urls_media() -> list[str]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    urls = []
    image = get_image_model().objects.order_by("pk").first()
    if image:
        urls += [reverse("wagtailimages:edit", args=[image.pk])]
        urls += [reverse("wagtailimages:delete", args=[image.pk])]
    document = get_document_model().objects.order_by("pk").first()
    if document:
        urls += [reverse("wagtaildocs:edit", args=[document.pk])]
    return urls


def admin_urls_all() -> list[str]:
    urls = [
        *admin_urls_parameterless(),
        *admin_urls_pages(),
        *admin_urls_workflows(),
        *admin_urls_media(),
        *admin_urls_viewset_edit(),
    ]
    return list(dict.fromkeys(urls))
