"""GnuBoard bodies → Wagtail rich text: what survives and what never reaches a page."""

from candle.importers.legacy_html import (
    body_from_html,
    body_from_text,
    title_from_board_subject,
    title_from_subject,
)
from candle.importers.services import language_guess, stamps_strip


def _no_images(src):
    return None


def _html(raw, image_for=_no_images):
    result = body_from_html(raw, image_for=image_for, video_title="영상")
    return "".join(str(value) for kind, value in result.blocks if kind == "paragraph"), result


def test_scripts_handlers_styles_and_hidden_text_are_dropped():
    html, result = _html(
        '<style>.memo{display:none} p.MsoNormal{margin:0}</style><p class="MsoNormal" style="color:red">보임<o:p></o:p></p>'
        '<p class="memo">내부 메모</p><div style="display: none">숨김</div><script>alert(1)</script>'
        '<img src=x onerror=alert(1)><a href="javascript:alert(1)">링크</a><a href=" JaVa&#x09;script:alert(1)">b</a>'
        '<object data="x.swf"></object><embed src="x.swf"><form><input value="x"></form>'
    )
    assert html == "<p>보임</p><p>링크b</p>"
    assert "script" in result.removed


def test_broken_html_still_gives_well_formed_blocks():
    html, _ = _html(
        "<p>하나 <b>둘 <i>셋</b> 넷<div><ul><li>가<li>나</ul>끝 <table><tr><td>a<td>b</table></p></p></div>"
    )
    assert (
        html
        == "<p>하나 <b>둘 <i>셋</i></b> 넷</p><ul><li>가</li><li>나</li></ul><p>끝</p><p>a · b</p>"
    )


def test_youtube_becomes_a_video_block_and_other_iframes_go():
    _, result = _html(
        '<p>a</p><iframe src="https://www.youtube.com/embed/Hb1tS4mPLE0"></iframe>'
        '<iframe src="https://evil.example/x"></iframe><p>b</p>'
    )
    kinds = [kind for kind, _ in result.blocks]
    assert kinds == ["paragraph", "video", "paragraph"]
    assert result.blocks[1][1]["url"] == "https://www.youtube.com/watch?v=Hb1tS4mPLE0"
    assert any("evil.example" in item for item in result.removed)


def test_editor_images_become_image_embeds():
    html, _ = _html(
        '<p><img src="http://old.example/data/editor/1304/a.jpg" title="a.jpg"><br style="clear:both;"></p>',
        image_for=lambda src: (42, "사진 설명") if "/data/editor/" in src else None,
    )
    assert html == '<embed alt="사진 설명" embedtype="image" format="fullwidth" id="42"/>'


def test_plain_text_keeps_line_breaks_and_escapes_markup():
    result = body_from_text("첫 줄\r\n둘째 줄 <script>x</script>\r\n\r\nhttps://example.org/a 참고")
    assert result.blocks == [
        (
            "paragraph",
            "<p>첫 줄<br/>둘째 줄 &lt;script&gt;x&lt;/script&gt;</p>"
            '<p><a href="https://example.org/a">https://example.org/a</a> 참고</p>',
        )
    ]


def test_post_titles_are_the_subject_as_gnuboard_showed_it():
    """GnuBoard shows a subject through get_text(): < and > escaped (markup-looking text is
    shown literally), & not (an entity is shown as its character)."""
    assert (
        title_from_subject('Workshop "rights" <script>alert(1)</script>')
        == 'Workshop "rights" <script>alert(1)</script>'
    )
    assert title_from_subject("A &amp; B <b>굵게</b>") == "A & B <b>굵게</b>"
    assert title_from_subject(" 두 줄\r\n제목\x00 ") == "두 줄 제목"


def test_board_names_are_plain_text():
    assert title_from_board_subject("A &amp; B <b>굵게</b><script>x</script>") == "A & B 굵게"


def test_copy_and_move_stamps_are_removed():
    body, stamps = stamps_strip(
        '<p>본문</p>\n<div class="content_copy">[이 게시물은 사무국님에 의해 2024-12-16 10:00:00 활동소식에서 복사 됨]</div>'
    )
    assert (
        body == "<p>본문</p>" and stamps[0]["action"] == "복사" and stamps[0]["board"] == "활동소식"
    )
    body, stamps = stamps_strip(
        "본문\r\n\n\n[이 게시물은 사무국님에 의해 2024-12-16 10:05:00 보도자료에서 이동 됨]"
    )
    assert body == "본문" and stamps[0]["action"] == "이동"


def test_language_guess():
    assert (
        language_guess(
            [
                {
                    "wr_subject": "Welcome to our page",
                    "wr_content": "Hello from the team, news in English.",
                }
            ]
        )
        == "en"
    )
    assert (
        language_guess([{"wr_subject": "활동 소식", "wr_content": "<p>안녕하세요 UN report</p>"}])
        == "ko"
    )
