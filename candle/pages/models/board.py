"""Boards (news, statements, press, notices) and the posts listed on them."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Site, TranslatableMixin
from wagtail.search import index

from candle.core.params import param_int, param_text

from ..admin_forms import PostPageForm
from ..blocks import BaseStreamBlock
from ..urls_fast import absolute_url
from .base import BasePage


class BoardPage(RoutablePageMixin, BasePage):
    """A listing of posts, newest first, pinned notices on top; RSS and Atom feeds."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    categories = models.ManyToManyField(
        "pages.Category", verbose_name=_("categories offered"), blank=True, related_name="+"
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.PostPage"]
    posts_per_page = 15

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["feed_urls"] = self.feed_urls(request)
        return context

    def feed_urls(self, request) -> dict[str, str]:
        """``{"rss": …, "atom": …}``: what ``{% routablepageurl page 'feed_rss' %}`` gives, with
        the board's own address worked out once for both (the board page links each feed
        twice, and the tag costs a site lookup and an address each time)."""
        base = self.relative_url(Site.find_for_request(request), request)
        if not base.endswith("/"):
            base += "/"
        return {
            "rss": base + self._subpage_path("feed_rss"),
            "atom": base + self._subpage_path("feed_atom"),
        }

    _subpage_paths: dict = {}

    @classmethod
    def _subpage_path(cls, name: str) -> str:
        """``reverse_subpage(name)`` for a route without arguments, worked out once per class:
        it is the same for every board (the class's own routes), and each reverse walks the
        route resolver."""
        key = (cls, name)
        try:
            return cls._subpage_paths[key]
        except KeyError:
            return cls._subpage_paths.setdefault(key, cls.get_resolver().reverse(name))

    @path("")
    def listing(self, request):
        from ..selectors import (
            board_filter_options,
            board_page,
            board_path,
            filter_query_prefix,
            page_number_from,
        )

        category = param_text(request.GET, "category", max_length=60)
        year = param_int(request.GET, "year", minimum=1901, maximum=2199)
        path = board_path(self, request)
        page = board_page(
            board=self,
            page_number=page_number_from(request),
            per_page=self.posts_per_page,
            category_slug=category or None,
            year=year,
            board_path=path,
        )
        context = {
            "posts": page,
            "selected_category": category,
            "selected_year": year,
            "query_prefix": filter_query_prefix(category=category, year=year),
            **board_filter_options(board=self, path=path),
        }
        return self.render(request, context_overrides=context)

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from ..feeds import BoardRssFeed

        return BoardRssFeed()(request, board=self)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        from ..feeds import BoardAtomFeed

        return BoardAtomFeed()(request, board=self)


class PostPage(BasePage):
    """A news item, statement, press release or notice.

    A post lives under one board (its home) and can be listed on others through
    ``other_boards`` without being copied.
    """

    date = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned posts come first on their boards.")
    )
    other_boards = ParentalManyToManyField(
        "pages.BoardPage", verbose_name=_("also listed on"), blank=True, related_name="listed_posts"
    )
    categories = ParentalManyToManyField("pages.Category", verbose_name=_("categories"), blank=True)
    work_areas = ParentalManyToManyField("pages.WorkArea", verbose_name=_("work areas"), blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    hit_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    image = models.ForeignKey(
        "core.CandleImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("listing image"),
    )
    campaign = models.ForeignKey(
        "giving.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The campaign this post is about: the post ends with a button to give to it, and "
            "an appeal on the home page leads to it."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("byline"), FieldPanel("pinned")], heading=_("Details")
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("campaign"),
        InlinePanel("attachments", label=_("Attachments")),
        InlinePanel("media_links", label=_("Media coverage")),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("work_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("other_boards", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where it is listed"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("byline"),
        index.SearchField("attachments_text"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("byline"),
        APIField("summary"),
        APIField("body"),
        APIField("pinned"),
    ]

    parent_page_types = ["pages.BoardPage"]
    subpage_types: list[str] = []
    base_form_class = PostPageForm

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["-pinned", "-date"], name="post_listing_order")]

    def attachments_text(self) -> str:
        """The extracted text of the attached documents, for search (candle.search)."""
        return "\n".join(
            attachment.document.text
            for attachment in self.attachments.all()
            if attachment.document_id
            and attachment.document.text_status == attachment.document.TextStatus.DONE
        )

    def get_context(self, request, *args, **kwargs):
        from ..post_detail import post_detail_extras
        from ..post_neighbours import post_neighbours

        context = super().get_context(request, *args, **kwargs)
        context.update(post_detail_extras(post=self))
        if self.campaign_id:
            from candle.giving.selectors import campaign_in_locale

            context["give_campaign"] = campaign_in_locale(
                campaign_id=self.campaign_id, locale_id=self.locale_id
            )
        category_ids = [category.pk for category in context["post_categories"]]
        context["neighbours"] = post_neighbours(
            post=self, category_ids=category_ids, request=request
        )
        context["share_url"] = absolute_url(self.get_url(request)) or ""
        return context


class BoardListing(models.Model):
    """Where a live post is listed, with its sort keys: one row per (board, post).

    A board lists its own posts and those listed on it (or on its translation) from elsewhere.
    Asking the page tree for that (an OR over a path prefix and a subquery) sorts every post of
    the board on every request; this table answers page 1 and page 200 alike from one index.
    It is derived data, kept by ``candle.pages.listings`` on publish, unpublish, move and
    delete, and rebuilt whole by ``manage.py board_listings_rebuild``.
    """

    board = models.ForeignKey(BoardPage, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="board_listings")
    pinned = models.BooleanField(default=False)
    date = models.DateTimeField()
    year = (
        models.PositiveSmallIntegerField()
    )  # of ``date`` in the site's time zone: the year filter

    class Meta:
        verbose_name = _("board listing")
        verbose_name_plural = _("board listings")
        constraints = [
            models.UniqueConstraint(fields=["board", "post"], name="board_listing_unique")
        ]
        indexes = [
            models.Index(fields=["board", "-pinned", "-date", "-post"], name="board_listing_order"),
            models.Index(fields=["board", "year"], name="board_listing_year"),
            # the home page's newest posts across a language's boards: read newest first
            # along this index until enough rows of those boards are found, not sorted
            models.Index(fields=["-date", "-post"], name="board_listing_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.board_id}: {self.post_id}"


class PostAttachment(TranslatableMixin, Orderable):
    """A document attached to a post. Translatable (its language is its post's), so that
    wagtail-localize translates the caption with the post instead of copying the Korean."""

    post = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "core.CandleDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class PostMediaLink(Orderable):
    """A link to coverage of the post elsewhere (a newspaper article, a broadcast)."""

    post = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="media_links")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=1000)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("outlet"), FieldPanel("published")]

    class Meta(Orderable.Meta):
        verbose_name = _("media coverage link")
        verbose_name_plural = _("media coverage links")


class PostComment(models.Model):
    """A reader's comment kept from the old site; shown read-only under its post."""

    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    author_name = models.CharField(_("author"), max_length=255)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"))
    is_public = models.BooleanField(_("shown"), default=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["post", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"
