"""Search side effects of saves (signals are for cache and search only, STYLE.md)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from candle.core.models import CandleDocument

from .models import UserWord


@receiver(pre_save, sender=CandleDocument)
def document_mark_for_extraction(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old = CandleDocument.objects.filter(pk=instance.pk).values("file", "file_hash").first() if instance.pk else None
    if old is None or old["file"] != instance.file.name or old["file_hash"] != instance.file_hash:
        instance.text = ""
        instance.text_status = CandleDocument.TextStatus.PENDING
        instance._candle_extract_text = True


@receiver(post_save, sender=CandleDocument)
def document_extract_text(sender, instance, raw=False, **kwargs):
    if raw or not getattr(instance, "_candle_extract_text", False):
        return
    instance._candle_extract_text = False
    document_id = instance.pk

    def enqueue():
        from .tasks import document_text_extract

        document_text_extract.enqueue(document_id=document_id)

    transaction.on_commit(enqueue)


@receiver(pre_save, sender=UserWord)
@receiver(pre_delete, sender=UserWord)
def user_word_remember_matches(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import pages_matching

    words = {instance.word}
    if instance.pk:
        words |= set(UserWord.objects.filter(pk=instance.pk).values_list("word", flat=True))
    instance._candle_pages_before = {pk for word in words for pk in pages_matching(word=word)}


@receiver(post_save, sender=UserWord)
@receiver(post_delete, sender=UserWord)
def user_word_apply(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import user_word_changed

    user_word_changed(before=sorted(getattr(instance, "_candle_pages_before", ())), word=instance.word)
