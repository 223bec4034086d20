"""What a reader of each language is told about an image or a document: the image block's alt
text and caption and a post attachment's caption are segments wagtail-localize translates,
not values copied from the Korean (an image's own alt text, on the image, is one language)."""

import pytest
from wagtail.models import Locale

from candle.pages.factories import CandleDocumentFactory, CandleImageFactory
from candle.pages.models import PostPage
from candle.pages.services import page_translate, post_create

pytestmark = pytest.mark.django_db

BLOCK_ID = "1f0d1c52-7a4e-4c8e-9b43-2a1d5e6f7a80"


def _image_block(image, alt: str, caption: str) -> list[dict]:
    value = {"image": image.pk, "alt_text": alt, "caption": caption}
    return [{"type": "image", "value": value, "id": BLOCK_ID}]


def test_image_alt_text_and_captions_differ_per_language(client, site_tree):
    image = CandleImageFactory(description="촛불 그림")
    document = CandleDocumentFactory()
    post = post_create(
        board=site_tree["ko"].boards["news"],
        title="촛불 행사",
        slug="candle-evening",
        summary="행사 소식",
        body=_image_block(image, "광장에 모인 촛불들", "행사 첫날의 광장"),
        attachments=[(document, "행사 안내문")],
    )
    korean_attachment = post.attachments.get()
    english = page_translate(
        page=post,
        locale=Locale.objects.get(language_code="en"),
        translated=PostPage(
            title="Candle evening",
            slug="candle-evening",
            summary="News of the evening",
            body=_image_block(image, "Candles gathered in the square", "The square on day one"),
            attachments=[
                type(korean_attachment)(
                    document=document,
                    caption="Programme of the evening",
                    translation_key=korean_attachment.translation_key,
                )
            ],
        ),
    )
    korean_html = client.get(post.get_url()).content.decode()
    english_html = client.get(english.get_url()).content.decode()
    assert 'alt="광장에 모인 촛불들"' in korean_html
    assert "<figcaption>행사 첫날의 광장</figcaption>" in korean_html
    assert "행사 안내문" in korean_html
    assert 'alt="Candles gathered in the square"' in english_html
    assert "<figcaption>The square on day one</figcaption>" in english_html
    assert "Programme of the evening" in english_html
    assert "행사 안내문" not in english_html and "광장" not in english_html
    assert english.attachments.get().locale.language_code == "en"
    assert korean_attachment.locale.language_code == "ko"
