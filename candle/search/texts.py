"""The text a result's snippet is cut from, and what a result shows from its own type's row
(a post's date, a report's year), read narrowly for the results page.

A page's snippet is cut from its searchable text as it is indexed (before analysis): its
search description and the value of each of its type's search fields but the title
(``page_text``). Reading that from the ten result pages as their own types (every column,
a post's whole row) and then their attachments and PDFs, two more queries, was a quarter of a
cold results page. Here each type's query reads only the columns its search fields name
(``values_list``), with the date or year a result shows, and the values are made the way
modelsearch makes them for the index (a StreamField's or rich text's searchable content);
a post's attachments' text comes from one query of the attachments with their documents'
text and status, a report's PDF text with the report's row. The same text, character for
character (``tests/test_texts.py`` compares both on every type of a site's tree).

A search field that is neither a plain column nor one of the methods known here (``DERIVED``)
makes its type read whole, as before: a new page type can never get a wrong snippet, only a
slower one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import ForeignObjectRel, prefetch_related_objects
from django.db.models.fields.related import RelatedField
from wagtail.models import Page

from candle.core.compiled import values_compiled
from candle.core.models import CandleDocument
from candle.pages.models import PostAttachment, PostPage, ReportPage

from .rich_text import searchable_content
from .snippets import plain_text

# What a result shows from its own type's table, when the type has the field
SHOWN_FIELDS = ("date", "year")


@dataclass
class ResultText:
    text: str  # the snippet's source, as ``page_text`` gives it
    shown: dict  # {"date": …} or {"year": …}, per ``shown_names``


@cache  # per page type: its fields do not change while the process runs
def shown_names(model) -> list[str]:
    """Which of ``SHOWN_FIELDS`` are fields of ``model``'s own (a post's date, a report's
    year), the same whether the page was read whole or narrowly."""
    page_fields = {field.name for field in Page._meta.get_fields()}
    own = {field.name for field in model._meta.concrete_fields} - page_fields
    return [name for name in SHOWN_FIELDS if name in own]


def page_text(page: Page) -> str:
    """The page's searchable text (as indexed, before analysis), for its snippet, from the
    page as its own type (read whole)."""
    from modelsearch.index import SearchField

    parts = [page.search_description] if getattr(page, "search_description", "") else []
    for field in page.get_search_fields():
        if isinstance(field, SearchField) and field.field_name != "title":
            parts.append(_part(field.get_value(page), plain_text))
    return " ".join(p for p in parts if p)


def _part(value, plain_text) -> str:
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    return plain_text(str(value or ""))


# The search fields that are methods rather than columns, read without the page whole: the
# method, and how to read its value for many pages at once.
# A post's attachments whose document's text is extracted, in their order: hand-written (table
# and column names from the models, every value a parameter), as Django's compiling of the
# same query cost more than running it; ``tests/test_texts.py`` compares the text with the
# post read whole (``attachments.all()``, Django's order: ``sort_order``).
ATTACHMENTS_SQL = (
    "SELECT a.{post}, d.{text} FROM {attachments} a JOIN {documents} d ON d.{id} = a.{document} "
    "WHERE a.{post} IN ({ids}) AND d.{status} = %s ORDER BY a.{post}, a.{order}, a.{pk}"
)


def _attachments_texts(ids: list[int]) -> dict[int, str]:
    """``PostPage.attachments_text`` of each post of ``ids`` (its attachments in their order,
    the text of those whose document's text is extracted), in one query."""
    attachment, document = PostAttachment._meta, CandleDocument._meta
    statement = ATTACHMENTS_SQL.format(
        post=attachment.get_field("post").column,
        text=document.get_field("text").column,
        attachments=attachment.db_table,
        documents=document.db_table,
        id=document.pk.column,
        document=attachment.get_field("document").column,
        ids=", ".join(["%s"] * len(ids)),
        status=document.get_field("text_status").column,
        order=attachment.get_field("sort_order").column,
        pk=attachment.pk.column,
    )
    texts: dict[int, list[str]] = {}
    with connections[PostAttachment.objects.db].cursor() as cursor:
        cursor.execute(statement, [*ids, CandleDocument.TextStatus.DONE.value])
        for post_id, text in cursor.fetchall():
            texts.setdefault(post_id, []).append(text)
    return {post_id: "\n".join(parts) for post_id, parts in texts.items()}


@dataclass(frozen=True)
class Derived:
    """A search field that is a method: the columns read with the type's row and the value
    from them, or (``apart``) the values of many pages read by one query of their own."""

    columns: tuple[str, ...] = ()
    value: Callable[[tuple], str] | None = None
    apart: Callable[[list[int]], dict[int, str]] | None = None


def _pdf_text(row: tuple) -> str:
    pdf_id, status, text = row
    return text if pdf_id and status == CandleDocument.TextStatus.DONE else ""


DERIVED: dict[Callable, Derived] = {
    PostPage.attachments_text: Derived(apart=_attachments_texts),
    ReportPage.pdf_text: Derived(
        columns=("pdf_id", "pdf__text_status", "pdf__text"), value=_pdf_text
    ),
}


@dataclass(frozen=True)
class _Step:
    """How one search field's value is made from the type's narrow row (``columns``)."""

    start: int  # where its columns begin in the row
    size: int
    convert: Callable | None = None  # a column's field's get_searchable_content
    derived: Derived | None = None
    name: str = ""


@dataclass(frozen=True)
class _Plan:
    columns: tuple[str, ...]  # read after "pk" and "search_description"
    steps: tuple[_Step, ...]
    shown: tuple[str, ...]  # the shown fields, at the row's end


@cache  # per page type
def _plan(model) -> _Plan | None:
    """How to read ``model``'s snippet text narrowly, or None when one of its search fields
    is neither a plain column nor in ``DERIVED`` (the type is then read whole)."""
    from modelsearch.index import SearchField

    columns: list[str] = []
    steps: list[_Step] = []
    for field in model.get_search_fields():
        if not isinstance(field, SearchField) or field.field_name == "title":
            continue
        name = field.field_name
        try:
            model_field = field.get_field(model)
        except FieldDoesNotExist:
            method = getattr(model, name, None)
            derived = DERIVED.get(method) if callable(method) else None
            if derived is None:
                return None
            start = len(columns)
            columns.extend(derived.columns)
            steps.append(_Step(start, len(derived.columns), derived=derived, name=name))
            continue
        if (
            isinstance(model_field, (RelatedField, ForeignObjectRel))
            or not model_field.concrete
            or model_field.many_to_many
        ):
            return None
        steps.append(
            _Step(
                len(columns),
                1,
                # a StreamField's rich text made into text without the HTML parser
                convert=searchable_content(model_field),
                name=name,
            )
        )
        columns.append(model_field.attname)
    shown = tuple(shown_names(model))
    return _Plan(tuple(columns), tuple(steps), shown)


def result_texts(pages: list[Page]) -> dict[int, ResultText]:
    """``{page id: ResultText}`` for ``pages`` (plain ``Page`` rows or their own types): one
    narrow query per type found (``_plan``), one more for the posts' attachments' text."""
    from candle.pages.routing import page_class

    found: dict[int, ResultText] = {}
    for content_type_id, ids in _ids_by_type(pages).items():
        model = page_class(content_type_id)
        plan = _plan(model)
        if plan is None:
            found.update(_read_whole(model, ids))
            continue
        rows = _narrow_rows(model, ids, ("pk", "search_description", *plan.columns, *plan.shown))
        apart = {
            step.name: step.derived.apart(ids)
            for step in plan.steps
            if step.derived is not None and step.derived.apart is not None
        }
        width = len(plan.columns)
        for pk, description, *values in rows:
            own, shown = values[:width], values[width:]
            parts = [description] if description else []
            for step in plan.steps:
                if step.derived is not None:
                    if step.derived.apart is not None:
                        value = apart[step.name].get(pk, "")
                    else:
                        value = step.derived.value(tuple(own[step.start : step.start + step.size]))
                else:
                    value = own[step.start]
                    if step.convert is not None:
                        value = step.convert(value)
                parts.append(_part(value, plain_text))
            found[pk] = ResultText(
                " ".join(p for p in parts if p), dict(zip(plan.shown, shown, strict=True))
            )
    for page in pages:  # a page whose own type's row is missing: as it is
        if page.pk not in found:
            found[page.pk] = ResultText(page_text(page), {})
    return found


def _narrow_rows(model, ids: list[int], names: tuple[str, ...]) -> list:
    """``model.objects.filter(pk__in=ids).order_by().values_list(*names)``, its rows: compiled
    by Django once per connection for each type, names and number of keys, then only executed
    with the keys (``core.compiled.values_compiled``; building and compiling it was most of the
    narrow read's Python on a cold results page)."""
    return values_compiled(
        ("narrow-text", model, names),
        lambda keys: model.objects.filter(pk__in=keys).order_by().values_list(*names),
        ids,
        using=model.objects.db,
    )


def _read_whole(model, ids: list[int]) -> dict[int, ResultText]:
    """The pages of ``ids`` read whole as ``model`` (a type with a search field ``_plan``
    cannot read narrowly), their related rows prefetched as modelsearch's indexer would."""
    pages = list(model.objects.filter(pk__in=ids))
    if issubclass(model, PostPage):
        prefetch_related_objects(pages, "attachments__document")
    if issubclass(model, ReportPage):
        prefetch_related_objects(pages, "pdf")
    names = shown_names(model)
    return {
        page.pk: ResultText(page_text(page), {name: getattr(page, name) for name in names})
        for page in pages
    }


def _ids_by_type(pages: list[Page]) -> dict[int, list[int]]:
    """``{content type id: [page id, …]}`` of ``pages``, in their order."""
    by_type: dict[int, list[int]] = {}
    for page in pages:
        by_type.setdefault(page.content_type_id, []).append(page.pk)
    return by_type
