"""The parts of a post page around its body, written in Python.

A post page's own parts (its header, breadcrumbs, attachments, press coverage, labels, share
links, replies, older and newer posts, related posts) were a few hundred template nodes, each
with its variable lookups, filters and escaping: as much as the rest of the page's rendering.
Each tag here writes one part's markup in one call, every value escaped as the template
escaped it (``_e``: what ``{{ value }}`` gives), every text translated as ``{% translate %}``
did, and the whitespace the template's tags left kept, so that the page is byte for byte what
the template gave (``candle/pages/tests/test_post_identity.py`` and
``test_chrome_identity.py`` compare the pages with HTML written by the template). A tag
writes nothing when its part is empty, as the template's ``{% if %}`` did. The markup is
written only here.
"""

from html import escape
from urllib.parse import quote

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from .candle_tags import (
    DatesShown,
    breadcrumb_ancestors,
    date_shown_filter,
    filesize,
    written_in_korean,
)

register = template.Library()


def _e(value) -> str:
    """``{{ value }}`` with autoescaping, for the values these parts show (text, addresses,
    ``None``): ``conditional_escape`` without its lazy-text wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _t(message: str) -> str:
    """``{% translate message %}``."""
    return escape(gettext(message))


def _date(value, format_name=None) -> str:
    """``{{ value|date_shown }}`` (or ``|date_shown:format_name``): in the current time zone."""
    return _e(date_shown_filter(template_localtime(value), format_name))


def _page_url(context, page) -> str:
    """``{% pageurl page %}``."""
    from wagtail.templatetags.wagtailcore_tags import pageurl

    return _e(pageurl(context, page))


def _safe(html: str) -> str:
    return mark_safe(html)  # noqa: S308 - every value in it is escaped by the tag that built it


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page) -> str:
    """The breadcrumb trail of ``page`` (its language's home down to its parent, then the page
    itself), for a page below a section (depth over 3); as ``includes/breadcrumbs.html``
    wrote it, blank lines included."""
    depth = getattr(page, "depth", None)
    if depth is None or not depth > 3:
        return "\n\n"
    links = "".join(
        f'<li><a href="{_e(ancestor["url"])}">{_e(ancestor["title"])}</a></li>'
        for ancestor in breadcrumb_ancestors(context, page)
    )
    return _safe(
        f'\n\n<nav class="breadcrumbs" aria-label="{_t("Breadcrumb")}">\n  <ol>{links}\n'
        f'    <li aria-current="page">{_e(page.title)}</li></ol>\n</nav>\n\n'
    )


@register.simple_tag(takes_context=True)
def post_header(context, page, boards, in_reply_to) -> str:
    """The post's header: the boards it is listed on, its title, date and byline, the post it
    replies to and its summary."""
    listed = " · ".join(
        f'<a href="{_e(board["url"])}">{_e(board["title"])}</a>' for board in boards or ()
    )
    byline = f" · {_e(page.byline)}" if page.byline else ""
    reply_to = ""
    if in_reply_to:
        reply_to = (
            f'<p class="reply-to">{_t("In reply to")} <a href="{_page_url(context, in_reply_to)}">'
            f"{_e(in_reply_to.title)}</a></p>"
        )
    lead = f'<p class="lead">{_e(page.summary)}</p>' if page.summary else ""
    dates = DatesShown()
    return _safe(
        f'<header class="post-header">\n    <p class="eyebrow">{listed}</p>\n'
        f"    <h1>{_e(page.title)}</h1>\n"
        f'    <p class="meta"><time datetime="{_e(dates.shown(page.date, "c"))}">'
        f"{_e(dates.shown(page.date))}</time>"
        f"{byline}</p>\n    {reply_to}\n    {lead}\n  </header>"
    )


@register.simple_tag
def post_attachments(attachments) -> str:
    """The attached documents, each with its caption (else its title), type and size."""
    if not attachments:
        return ""
    items = []
    for attachment in attachments:
        document = attachment.document
        items.append(
            f'\n      <li><a href="{_e(document.url)}" download>'
            f"{_e(attachment.caption or document.title)}</a>\n"
            f'        <span class="file-meta">({_e(document.extension_upper)}, '
            f"{_e(filesize(document.get_file_size()))})</span></li>\n      "
        )
    return _safe(
        '\n  <section class="attachments" aria-labelledby="attachments-title">\n'
        f'    <h2 id="attachments-title">{_t("Attachments")}</h2>\n    <ul>\n      '
        f"{''.join(items)}\n    </ul>\n  </section>\n  "
    )


@register.simple_tag
def post_media_links(media_links) -> str:
    """Coverage of the post elsewhere: headline (marked Korean when it is), outlet, date."""
    if not media_links:
        return ""
    items = []
    for link in media_links:
        korean = ' lang="ko"' if written_in_korean(link.title) else ""
        outlet = f" · {_e(link.outlet)}" if link.outlet else ""
        published = f" · {_date(link.published)}" if link.published else ""
        items.append(
            f'<li{korean}><a href="{_e(link.url)}" rel="noopener noreferrer">{_e(link.title)}</a>'
            f"{outlet}{published}</li>"
        )
    return _safe(
        '\n  <section class="media-links" aria-labelledby="media-title">\n'
        f'    <h2 id="media-title">{_t("In the media")}</h2>\n'
        f"    <ul>{''.join(items)}</ul>\n  </section>\n  "
    )


@register.simple_tag
def post_labels(categories, work_areas) -> str:
    """The post's categories, then its work areas."""
    if not (categories or work_areas):
        return ""
    tags = "".join(f'<span class="tag">{_e(c.name)}</span> ' for c in categories or ())
    areas = "".join(f'<span class="tag tag-area">{_e(a.name)}</span> ' for a in work_areas or ())
    return _safe(f'\n  <p class="tags">{tags}{areas}</p>\n  ')


@register.simple_tag
def share_links(share_url, title) -> str:
    """Plain links to share the post (no script or button from the services is loaded, nothing
    tracks the reader) and a copy button that the site's script shows."""
    if not share_url:
        return ""
    u, t = _e(quote(str(share_url), safe="")), _e(quote(str(title), safe=""))
    return _safe(
        '\n  <section class="share" aria-labelledby="share-title">\n'
        f'    <h2 id="share-title">{_t("Share this post")}</h2>\n    \n    \n    <ul>\n'
        f'      <li><a href="https://x.com/intent/post?url={u}&amp;text={t}" '
        'rel="noopener noreferrer">X</a></li>\n'
        f'      <li><a href="https://www.facebook.com/sharer/sharer.php?u={u}" '
        'rel="noopener noreferrer">Facebook</a></li>\n'
        f'      <li><a href="https://www.linkedin.com/sharing/share-offsite/?url={u}" '
        'rel="noopener noreferrer">LinkedIn</a></li>\n'
        f'      <li><a href="mailto:?subject={t}&amp;body={u}">{_t("E-mail")}</a></li>\n'
        f'      <li><button type="button" class="share-copy" data-url="{_e(share_url)}" '
        f'data-done="{_t("Link copied.")}" '
        f'data-failed="{_t("Could not copy: select the address and copy it.")}" hidden>'
        f'{_t("Copy link")}</button><span class="share-status" role="status"></span></li>\n'
        "    </ul>\n    \n  </section>\n  "
    )


@register.simple_tag(takes_context=True)
def post_replies(context, replies) -> str:
    """The posts replying to this one, oldest first, with their dates."""
    if not replies:
        return ""
    items = "".join(
        f'<li><a href="{_page_url(context, reply)}">{_e(reply.title)}</a> · {_date(reply.date)}</li>'
        for reply in replies
    )
    return _safe(
        '\n  <section class="replies" aria-labelledby="replies-title">\n'
        f'    <h2 id="replies-title">{_t("Replies")}</h2>\n'
        f"    <ul>{items}</ul>\n  </section>\n  "
    )


@register.simple_tag
def post_neighbours(neighbours) -> str:
    """The older and newer post on the post's board, then the related posts
    (``post_neighbours.post_neighbours`` gives them)."""
    neighbours = neighbours or {}
    previous, following = neighbours.get("previous"), neighbours.get("next")
    related = neighbours.get("related")
    pager = ""
    if previous or following:
        older = newer = ""
        if previous:
            older = (
                f'<a class="pager-previous" href="{_e(previous["url"])}" rel="prev">'
                f'<span class="pager-label">{_t("Older post")}</span> {_e(previous["title"])}</a>'
            )
        if following:
            newer = (
                f'<a class="pager-next" href="{_e(following["url"])}" rel="next">'
                f'<span class="pager-label">{_t("Newer post")}</span> {_e(following["title"])}</a>'
            )
        pager = (
            f'\n  <nav class="post-pager" aria-label="{_t("Older and newer posts")}">\n'
            f"    {older}\n    {newer}\n  </nav>\n  "
        )
    listed = ""
    if related:
        dates = DatesShown()
        items = "".join(
            f'<li><a href="{_e(item["url"])}">{_e(item["title"])}</a> <span class="meta">· '
            f'<time datetime="{_e(dates.shown(item["date"], "c"))}">'
            f"{_e(dates.shown(item['date']))}</time></span></li>"
            for item in related
        )
        listed = (
            '\n  <section class="related" aria-labelledby="related-title">\n'
            f'    <h2 id="related-title">{_t("Related posts")}</h2>\n'
            f"    <ul>{items}</ul>\n  </section>\n  "
        )
    return _safe(f"{pager}\n  {listed}")


def _comment_html(comment, dates: DatesShown) -> str:
    return (
        f'<li><p class="meta">{_e(comment.author_name)} · {_e(dates.shown(comment.created_at))}</p>'
        f"<p>{linebreaksbr(comment.body)}</p>"
    )


@register.simple_tag
def post_comments(comments) -> str:
    """A post's comments (kept from the old site) and their answers, as the ``<li>`` items of
    the comments list: author, date, the text with its line breaks (escaped, as
    ``|linebreaksbr`` does). Written here rather than by a loop of template nodes: an imported
    post can have dozens."""
    dates = DatesShown()
    items = []
    for comment in comments:
        answers = list(comment.answers.all())
        inner = "".join(f"{_comment_html(answer, dates)}</li>" for answer in answers)
        items.append(
            f"\n      {_comment_html(comment, dates)}\n        "
            f"{f'<ol>{inner}</ol>' if answers else ''}\n      </li>\n      "
        )
    return _safe("".join(items))
