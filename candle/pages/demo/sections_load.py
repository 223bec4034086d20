"""Loads the demo pages of ``sections`` under "About us" and the work areas, Korean first and
English as its wagtail-localize translation; keyed on slugs, so a second run changes nothing."""

import uuid

from wagtail.models import Locale

from ..models import StandardPage
from ..services import page_translate
from .assets import document_ensure
from .sections import ANNUAL_REPORTS, SECTIONS

_BLOCK_IDS = uuid.UUID("0b7e3c52-9d41-4f7a-8e2b-5a6c1d9f3e27")


def sections_load(trees: dict, en_locale: Locale) -> list[StandardPage]:
    """The section pages in Korean (published, in menus so the section lists them) and their
    English translations; returns the Korean pages."""
    documents = {key: document_ensure(spec) for key, spec in ANNUAL_REPORTS.items()}
    pages = []
    for spec in SECTIONS:
        kind, parent_slug = spec["parent"]
        tree = trees["ko"]
        parent = tree.standard[parent_slug] if kind == "about" else tree.work_areas[parent_slug]
        page = StandardPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(
                title=spec["title"][0],
                slug=spec["slug"],
                locale=parent.locale,
                intro=spec["intro"][0],
                body=_stream(spec, 0, documents),
                show_in_menus=True,
            )
            parent.add_child(instance=page)
            page.save_revision().publish()
        if page.get_translation_or_none(en_locale) is None:
            page_translate(
                page=page,
                locale=en_locale,
                translated=StandardPage(
                    title=spec["title"][1],
                    slug=spec["slug"],
                    intro=spec["intro"][1],
                    body=_stream(spec, 1, documents),
                ),
            )
        pages.append(page)
    return pages


def _stream(spec: dict, language: int, documents: dict) -> list[dict]:
    """One language's body: a text block per pair, with block ids both languages share and
    ``{doc:key}`` replaced by the generated document's id."""
    stream = []
    for index, pair in enumerate(spec["blocks"]):
        html = pair[language]
        for key, document in documents.items():
            html = html.replace("{doc:" + key + "}", str(document.pk))
        block_id = str(uuid.uuid5(_BLOCK_IDS, f"{spec['slug']}/{index}"))
        stream.append({"type": "paragraph", "value": html, "id": block_id})
    return stream
