"""RSS 2.0 and Atom feeds, one pair per board and language. Their addresses are absolute from
the configured base URL (``urls_fast.absolute_url``), as feed readers elsewhere need them."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .selectors import board_listing_rows, listed_categories, posts_for_listing_rows
from .urls_fast import absolute_url

FEED_LENGTH = 20


class BoardRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        # Django reads ``language`` as a plain attribute (not through get_object), so set it here.
        self.language = kwargs["board"].locale.language_code
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, board):
        return board

    def title(self, board):
        return board.title

    def link(self, board):
        return absolute_url(board.get_url(self.request))

    def description(self, board):
        return board.intro or board.title

    def feed_url(self, board):
        return absolute_url(self.request.path)

    def items(self, board):
        rows = (
            board_listing_rows(board=board)
            .order_by("-date", "-post_id")
            .values_list("post_id", flat=True)
        )
        return sorted(
            posts_for_listing_rows(rows[:FEED_LENGTH]),
            key=lambda post: (post.date, post.pk),
            reverse=True,
        )

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary or post.search_description or ""

    def item_link(self, post):
        return absolute_url(post.get_url(self.request))

    def item_guid(self, post):
        return absolute_url(post.get_url(self.request))

    def item_pubdate(self, post):
        return post.date

    def item_updateddate(self, post):
        return post.last_published_at or post.date

    def item_author_name(self, post):
        return post.byline or None

    def item_categories(self, post):
        return [category.name for category in listed_categories(post)]


class BoardAtomFeed(BoardRssFeed):
    feed_type = Atom1Feed
    subtitle = BoardRssFeed.description
