"""Highlighting marks whole words as written, analysing only the words that can match (or the
whole text for a verb or adjective query); traps stay unmarked."""

import pytest

from candle.search.snippets import QueryMatcher, highlight

TEXT = (
    "중국에서 체포된 북한난민을 위한 긴급 구호를 시작했습니다. 탈북청소년들의 학업을 돕는 "
    "캠프가 열렸고, 민주주의를 향한 연대와 행사 주의 사항을 안내했습니다. 북청 출신 어르신이 "
    "강제송환되었다는 소식. 하나원을 수료한 김가명 씨는 NK인권 아카데미에 왔습니다. North Korean "
    "refugees and campaigners; the award was not about war. 2019년에 이산가족이 도와 주었다."
)


def _marked(html: str) -> list[str]:
    return [part.split("</mark>")[0] for part in html.split("<mark>")[1:]]


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("난민", ["북한난민을"]),
        ("탈북", ["탈북청소년들의"]),
        ("청소년", ["탈북청소년들의"]),
        ("주의", ["주의"]),  # not 민주주의를
        ("북청", ["북청"]),  # not 탈북청소년들의
        ("송환", ["강제송환되었다는"]),
        ("김가명", ["김가명"]),
        ("인권", ["NK인권"]),
        ("NK인권", ["NK인권"]),
        ("refugee", ["refugees"]),
        ("camp", []),  # not campaigners
        ("war", ["war"]),  # not award; the full stop left outside the mark
        ("2019", ["2019년에"]),
        ("이산가족", ["이산가족이"]),
        ("돕는", ["돕는", "도와"]),  # a verb stem: 도와 does not contain 돕, the text is analysed
        ("북한난민 refugees", ["북한난민을", "refugees"]),
    ],
)
def test_highlight_marks_the_matching_words_as_written(query, marked):
    assert _marked(highlight(TEXT, QueryMatcher(query))) == marked


def test_highlight_marks_whole_words_and_skips_traps():
    assert _marked(highlight(TEXT, QueryMatcher("난민"))) == ["북한난민을"]
    assert _marked(highlight(TEXT, QueryMatcher("주의"))) == ["주의"]  # not 민주주의를
    assert "탈북청소년들의" not in _marked(highlight(TEXT, QueryMatcher("북청")))
    assert _marked(highlight(TEXT, QueryMatcher("war"))) == ["war"]  # not award
    assert _marked(highlight("<b>북한난민을</b> 돕는", QueryMatcher("난민"))) == [
        "&lt;b&gt;북한난민을&lt;/b&gt;"
    ]


@pytest.mark.parametrize(
    ("text", "query", "html"),
    [
        ("nine refugees, a baby", "refugee", "nine <mark>refugees</mark>, a baby"),
        ("(refugees).", "refugee", "(<mark>refugees</mark>)."),
        ("“북한난민을” 돕는", "난민", "“<mark>북한난민을</mark>” 돕는"),
        ("북한난민을, 그리고", "난민", "<mark>북한난민을</mark>, 그리고"),
        ("refugee-rights groups", "refugee", "<mark>refugee-rights</mark> groups"),
        ("<b>war</b>", "war", "<mark>&lt;b&gt;war&lt;/b&gt;</mark>"),
    ],
)
def test_the_punctuation_around_a_word_is_left_outside_its_mark(text, query, html):
    assert highlight(text, QueryMatcher(query)) == html


def test_each_word_goes_to_the_analyser_once_per_process(monkeypatch):
    from candle.search import snippets

    calls = []
    real = snippets.analyse_words
    monkeypatch.setattr(snippets, "analyse_words", lambda text: calls.append(text) or real(text))
    monkeypatch.setattr(snippets, "_word_tokens", {})
    matcher = QueryMatcher("난민")
    first = highlight(TEXT, matcher)
    asked = list(calls)
    assert "북한난민을" in asked[-1]
    second = highlight(TEXT + " 북한난민을", matcher)
    assert calls == asked  # nothing new: every word was known
    assert _marked(first) == ["북한난민을"] and _marked(second) == ["북한난민을", "북한난민을"]


def test_a_changed_user_dictionary_forgets_the_kept_words(monkeypatch):
    from candle.search import analysis, snippets

    monkeypatch.setattr(snippets, "_word_tokens", {})
    saved = dict(analysis._user_words)
    try:
        assert snippets.word_tokens(["가나다라연구소를"])[0][0] != "가나다라연구소"
        analysis.user_words_apply({**saved, "가나다라연구소": "NNP"})
        assert snippets.word_tokens(["가나다라연구소를"])[0][0] == "가나다라연구소"
    finally:
        analysis.user_words_apply(saved)
    assert snippets.word_tokens(["가나다라연구소를"])[0][0] != "가나다라연구소"


def test_a_compound_noun_is_highlighted_however_kiwi_splits_it():
    text = "국경 지역에 구호물자 전달을 마쳤습니다. 이산가족을 위해 일해 온 사람들의 이야기."
    assert _marked(highlight(text, QueryMatcher("구호물자"))) == ["구호물자"]
    assert _marked(highlight(text, QueryMatcher("이산가족"))) == ["이산가족을"]
    assert _marked(highlight(text, QueryMatcher("가족"))) == ["이산가족을"]


def test_plain_text_is_the_two_substitutions_it_skips_where_they_change_nothing():
    """``plain_text`` runs each substitution only where it can change the text; on texts
    made of tags, angle brackets and every kind of whitespace it gives exactly what the two
    substitutions give (the way it was written before)."""
    import random
    import re

    from candle.search.snippets import plain_text

    def substitutions(value: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value or "")).strip()

    alphabet = ["<", ">", " ", "  ", "\n", "\t", "\u3000", "\xa0", "a", "난민", "<p>", "</b>", "<>"]
    rng = random.Random(27)
    texts = ["", "a b", " a", "a ", "a  b", "a\nb", "<b>a</b>", "a < b > c", "<>", "a<>b>"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    changed = 0
    for text in texts:
        assert plain_text(text) == substitutions(text), repr(text)
        changed += plain_text(text) != text
    assert changed > 1000  # the cases where a substitution does change the text are there
    assert plain_text(None) == ""
