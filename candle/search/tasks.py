"""Background work for search (django-tasks)."""

from django_tasks import task

from . import services
from .dictionary import user_dictionary_refresh


@task()
def document_text_extract(*, document_id: int) -> str | None:
    return services.document_text_extract(document_id=document_id)


@task()
def user_word_reindex(*, page_ids: list[int], word: str) -> int:
    user_dictionary_refresh(force=True)
    after = services.pages_matching(word=word)
    return services.pages_reindex(page_ids=sorted(set(page_ids) | set(after)))
