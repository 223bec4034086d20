"""Side effects of publishing that belong to the pages app: the board listing table
(``candle.pages.listings``). Cache purge lives in candle.caching, search in candle.search."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .listings import board_listings_refresh, board_listings_refresh_for_board
from .models import BoardPage, PostPage


@receiver(page_published, dispatch_uid="pages.listings.published")
@receiver(page_unpublished, dispatch_uid="pages.listings.unpublished")
def listings_after_publish(sender, instance, **kwargs) -> None:
    page = instance.specific_deferred if type(instance) not in (PostPage, BoardPage) else instance
    if isinstance(page, PostPage):
        board_listings_refresh(post_ids=[page.pk])
    elif isinstance(page, BoardPage) and kwargs.get("signal") is page_published:
        board_listings_refresh_for_board(board=page)


@receiver(post_page_move, dispatch_uid="pages.listings.moved")
def listings_after_move(sender, instance, **kwargs) -> None:
    """A moved post changes board; a moved board or section takes its posts along (their rows
    stay right, but the cheapest safe answer is to refresh whatever moved)."""
    if isinstance(instance.specific_deferred, PostPage):
        board_listings_refresh(post_ids=[instance.pk])
    else:
        post_ids = PostPage.objects.filter(path__startswith=instance.path).values_list(
            "pk", flat=True
        )
        board_listings_refresh(post_ids=list(post_ids))
