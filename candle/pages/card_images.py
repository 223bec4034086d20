"""The pictures on post cards (board listings, the home page, work areas): each post's listing
image as a small set of renditions for ``srcset``.

One listing costs at most two queries here (the images, their renditions prefetched), and
none when no post on it has an image. Renditions missing on the first view are made then, as
Wagtail does everywhere. A card's picture is decorative (``alt=""``): the card's title, right
beside it, is the link and says what the post is about; reading the alt text as well would
say the same thing twice to a screen reader."""

from html import escape

# 16:9, cropped around the editor's focal point: a card is 18-24rem wide at most, so the
# 800-wide one covers a 2x screen; the small one saves a phone on a slow network.
CARD_WIDTHS = (400, 800)
CARD_SPECS = tuple(f"fill-{width}x{width * 9 // 16}" for width in CARD_WIDTHS)
CARD_SIZES = "(max-width: 40rem) 100vw, (max-width: 64rem) 50vw, 24rem"


def card_images(posts) -> dict[int, object]:
    """``{post id: image}`` for the posts with a listing image (``image_id`` on a post page
    or a ``PostCard``), each image with the card renditions prefetched."""
    from candle.core.models import CandleImage

    wanted = {post.pk: post.image_id for post in posts if getattr(post, "image_id", None)}
    if not wanted:
        return {}
    images = CandleImage.objects.filter(pk__in=set(wanted.values())).prefetch_renditions(
        *CARD_SPECS
    )
    by_id = {image.pk: image for image in images}
    return {pk: by_id[image_id] for pk, image_id in wanted.items() if image_id in by_id}


def card_image_html(image, *, eager: bool = False) -> str:
    """The ``<img>`` of a card: the renditions as ``srcset``, the small one as ``src``, its
    width and height (no layout shift), and ``loading="lazy"`` unless ``eager`` (the first
    card a reader sees without scrolling: lazy there would delay the page's largest paint)."""
    renditions = image.get_renditions(*CARD_SPECS)
    ordered = []
    for spec in CARD_SPECS:  # a small original gives the same width twice: list it once
        if not ordered or renditions[spec].width > ordered[-1].width:
            ordered.append(renditions[spec])
    small = ordered[0]
    srcset = ", ".join(f"{escape(r.url)} {r.width}w" for r in ordered)
    loading = ' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"'
    return (
        f'<img class="post-card-image" src="{escape(small.url)}" srcset="{srcset}" '
        f'sizes="{CARD_SIZES}" width="{small.width}" height="{small.height}" alt=""{loading}>'
    )
