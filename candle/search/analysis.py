"""The one text analyser used for indexing and for queries (docs/subsystems/search.md).

Hangul goes through Kiwi: content morphemes (nouns, verb/adjective stems, roots, numerals) are
kept; particles, endings and suffixes are dropped. Latin-script words are lowercased and
Snowball-stemmed (English); digit runs are kept as they are. A Hangul word that Kiwi breaks into
single syllables (a name it does not know) also gets CJK bigrams of its stem part, marked with ``BIGRAM_MARK`` so
they can never collide with a morpheme.

The output is plain space-separated tokens made only of word characters, so SQLite FTS5's
default ``unicode61`` tokenizer and PostgreSQL's ``simple`` configuration both split it back into
exactly these tokens.
"""

from __future__ import annotations

import bisect
import re
import threading
import warnings
from dataclasses import dataclass, field

import snowballstemmer

BIGRAM_MARK = "bg"  # Latin marker + Hangul never comes out of the English path
MAX_ANALYSED_CHARS = 300_000  # a very long PDF is indexed up to this many characters

_CONTENT_TAGS = {"NNG", "NNP", "NR", "VV", "VA", "XR", "SH", "MM"}
_FUNCTION_PREFIXES = ("J", "E", "XS", "VCP", "VCN")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_OR_NUMBER = re.compile(r"[^\W\d_\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff]+|\d+")
_WORD = re.compile(r"\S+")
_TOKEN_SAFE = re.compile(r"\w+")

_stemmer_local = threading.local()
_kiwi = None
_kiwi_lock = threading.Lock()
_user_words: dict[str, str] = {}
_words_version = 0  # changes whenever the user words do (memos of analyses check it)


def _stem(word: str) -> str:
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        stemmer = _stemmer_local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def kiwi_get():
    """The process's one Kiwi, built on first use with a thread per core (bulk indexing spreads
    a batch over them), or at start-up by ``kiwi_preload`` without threads."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                _kiwi = _kiwi_build(threaded=True)
    return _kiwi


def _kiwi_build(*, threaded: bool):
    from kiwipiepy import Kiwi

    # num_workers=0: Kiwi's single-thread mode (no thread pool at all); None: one per core.
    # Kiwi warns that 0 meant "one per core" before its 0.21: the new meaning is the one wanted.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="behavior of `num_workers=0`")
        kiwi = Kiwi(
            load_typo_dict=False, load_multi_dict=False, num_workers=None if threaded else 0
        )
    for word, tag in _user_words.items():
        kiwi.add_user_word(word, tag)
    kiwi.candle_threaded = threaded  # read by analyse_documents, with this very Kiwi
    return kiwi


def kiwi_preload() -> None:
    """Build the process's Kiwi now, for a server that forks its workers from this process
    (they then share its ~300 MiB copy-on-write).

    This Kiwi has no threads: a thread pool does not survive ``fork`` (the workers would
    inherit a pool whose threads are gone, and the first batch given to it never returned),
    so each worker analyses in its own thread, and ``analyse_documents`` one text at a time.
    ``services.analyser_warm`` then gives it the user words and its first analysis."""
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None or _kiwi.candle_threaded:
            _kiwi = _kiwi_build(threaded=False)


def worker_start(words: dict[str, str]) -> None:
    """A worker process's start (``update_index --workers``): the parent's user words and a
    Kiwi of its own without threads (one process per core is the parallelism)."""
    user_words_apply(words)
    kiwi_preload()


def kiwi_is_loaded() -> bool:
    return _kiwi is not None


def user_words_apply(words: dict[str, str]) -> bool:
    """Make Kiwi know exactly ``words`` (form -> tag). Returns True when anything changed.

    New words are added to the loaded Kiwi; a removed or re-tagged word needs a fresh Kiwi,
    because Kiwi cannot forget a word.
    """
    global _kiwi, _words_version
    with _kiwi_lock:
        if words == _user_words:
            return False
        _words_version += 1
        removed = any(_user_words.get(w) not in (None, t) for w, t in words.items()) or any(
            w not in words for w in _user_words
        )
        added = {w: t for w, t in words.items() if w not in _user_words}
        _user_words.clear()
        _user_words.update(words)
        if _kiwi is not None:
            if removed:
                _kiwi = None
            else:
                for word, tag in added.items():
                    _kiwi.add_user_word(word, tag)
    return True


def user_words() -> dict[str, str]:
    """A copy of the words Kiwi is told (form -> tag), e.g. for a worker process's own Kiwi."""
    with _kiwi_lock:
        return dict(_user_words)


def words_version() -> int:
    """A number that changes whenever the user words do: an analysis kept under an older
    number may be out of date."""
    return _words_version


@dataclass
class Word:
    """One whitespace-separated word of the input and the tokens it analyses to."""

    text: str
    start: int
    tokens: list[str] = field(default_factory=list)
    last_is_hangul: bool = False
    bigrams: list[str] = field(default_factory=list)


def _bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [BIGRAM_MARK + run] if run else []
    return [BIGRAM_MARK + run[i : i + 2] for i in range(len(run) - 1)]


def analyse_words(text: str, *, for_index: bool = False, kiwi_tokens=None) -> list[Word]:
    """Split ``text`` into words and analyse each; the building block of index and query.
    ``kiwi_tokens`` is Kiwi's output for ``text`` when the caller already has it (a batch)."""
    text = text[:MAX_ANALYSED_CHARS]
    words = [Word(text=m.group(), start=m.start()) for m in _WORD.finditer(text)]
    if not words:
        return []
    starts = [w.start for w in words]
    # (position, token, is_hangul, word index); merged by position at the end
    pieces: list[tuple[int, str, bool, int]] = []
    for match in _LATIN_OR_NUMBER.finditer(text):
        raw = match.group().lower()
        token = raw if raw.isdigit() else _stem(raw)
        index = bisect.bisect_right(starts, match.start()) - 1
        pieces.append((match.start(), token, False, index))

    if _HANGUL.search(text):
        single_syllables: dict[int, int] = {}
        content_end: dict[int, int] = {}
        for token in kiwi_tokens if kiwi_tokens is not None else kiwi_get().tokenize(text):
            tag = token.tag.split("-", 1)[0]
            index = bisect.bisect_right(starts, token.start) - 1
            if index < 0:
                continue
            form = token.form
            if not tag.startswith(_FUNCTION_PREFIXES) and _HANGUL_RUN.fullmatch(form):
                content_end[index] = max(
                    content_end.get(index, 0), token.start + token.len - words[index].start
                )
                if len(form) == 1:
                    single_syllables[index] = single_syllables.get(index, 0) + 1
                elif (
                    tag == "NNP" and for_index
                ):  # names: indexed both ways, whatever the query does
                    single_syllables.setdefault(index, 0)
            if tag in _CONTENT_TAGS and _TOKEN_SAFE.fullmatch(form):
                pieces.append((token.start, form, tag != "SH", index))
        for index, count in single_syllables.items():
            if count >= 1 or (for_index and count == 0):
                word = words[index]
                core = word.text[: content_end.get(index, len(word.text))]
                for run in _HANGUL_RUN.findall(core):
                    if len(run) >= 2:
                        word.bigrams.extend(_bigrams(run))

    pieces.sort(key=lambda p: p[0])
    for _, token, is_hangul, index in pieces:
        if index >= 0:
            words[index].tokens.append(token)
            words[index].last_is_hangul = is_hangul
    return words


def _document_from_words(words: list[Word]) -> str:
    out: list[str] = []
    for word in words:
        out.extend(word.tokens)
        out.extend(word.bigrams)
    return " ".join(out)


def analyse_document(text: str) -> str:
    """The text to store in the index: tokens in reading order, then each word's bigrams."""
    if not text:
        return ""
    return _document_from_words(analyse_words(text, for_index=True))


def analyse_documents(texts: list[str]) -> list[str]:
    """``analyse_document`` for many texts at once: Kiwi spreads the Korean ones over its
    threads (one per core), which is what a bulk index run (update_index, an import) wants.
    A text that occurs more than once in the batch is analysed once."""
    texts = [(text or "")[:MAX_ANALYSED_CHARS] for text in texts]
    unique = list(dict.fromkeys(texts))  # a byline or a category name repeats across a batch
    korean = [text for text in unique if _HANGUL.search(text)]
    done = {text: analyse_document(text) for text in unique if not _HANGUL.search(text)}
    if korean:
        kiwi = kiwi_get()
        # a batch is spread over Kiwi's threads; a Kiwi without any takes one text at a time
        analysed = kiwi.tokenize(korean) if kiwi.candle_threaded else map(kiwi.tokenize, korean)
        for text, tokens in zip(korean, analysed, strict=True):
            done[text] = _document_from_words(
                analyse_words(text, for_index=True, kiwi_tokens=tokens)
            )
    return [done[text] for text in texts]


@dataclass
class QueryTerm:
    """A query word: a phrase of its morphemes (prefix on a trailing Hangul morpheme) and,
    when Kiwi split it into single syllables, an alternative phrase of bigrams. A compound
    noun Kiwi splits differently from one sentence to another also carries those other
    splits (``alternatives``, each a phrase like ``tokens``): a document matches any."""

    text: str
    tokens: list[str]
    prefix: bool
    bigrams: list[str]
    alternatives: list[list[str]] = field(default_factory=list)

    def phrases(self) -> list[list[str]]:
        return [self.tokens, *self.alternatives]


# analyse_query's answers, kept per process: a results page asks twice (the statement and the
# highlighting), and a story's words come again and again. Forgotten when the user words
# change or when full (readers choose the queries).
_QUERY_MEMO_MAX = 2_000
_query_memo: dict[tuple[str, bool, int], tuple[QueryTerm, ...]] = {}


def analyse_query(query: str, *, prefix_last_any: bool = False) -> list[QueryTerm]:
    """The query's words as terms (a phrase of morphemes, or bigrams, each). The terms may be
    shared with other callers: read them, do not change them."""
    key = (query, prefix_last_any, _words_version)
    terms = _query_memo.get(key)
    if terms is None:
        terms = tuple(_analyse_query(query, prefix_last_any=prefix_last_any))
        if len(_query_memo) >= _QUERY_MEMO_MAX:
            _query_memo.clear()
        _query_memo[key] = terms
    return list(terms)


def _analyse_query(query: str, *, prefix_last_any: bool) -> list[QueryTerm]:
    terms = []
    words = analyse_words(query)
    for position, word in enumerate(words):
        if not word.tokens and not word.bigrams:
            continue
        prefix = word.last_is_hangul or (prefix_last_any and position == len(words) - 1)
        alternatives = [] if word.bigrams else other_splits(word)
        terms.append(
            QueryTerm(
                text=word.text,
                tokens=word.tokens,
                prefix=prefix,
                bigrams=word.bigrams,
                alternatives=alternatives,
            )
        )
    return terms


# Kiwi splits some compound nouns differently from one sentence to another: 이산가족,
# 인신매매, 자원봉사자, 북한이탈주민 come out whole in some sentences and in parts in others
# (구호물자 the other way round), and a document is indexed as its own sentences split it. A
# query word alone is one more sentence, so it could only find one of the two. The query word
# therefore also asks for the splits Kiwi makes of the same letters in a few everyday
# sentences. Only splits that spell exactly the same letters are kept, so an alternative can
# never match other words (no trap like 주의 in 민주주의 can come from it).
_SPLIT_SENTENCES = (
    "{w}{object} 보냈다.",
    "{w}{subject} 왔다.",
    "{w}의 문제를 다룬다.",
    "그 {w} 소식.",
)
_SPLIT_MIN_SYLLABLES = 3  # a two-syllable noun has no other split into nouns
_splits: dict[str, list[tuple[str, ...]]] = {}
_splits_version = [0]
_SPLITS_MAX = 20_000


def _has_final_consonant(syllable: str) -> bool:
    return (ord(syllable) - 0xAC00) % 28 != 0


def _splits_of(surface: str) -> list[tuple[str, ...]]:
    """Every way Kiwi splits ``surface`` (Hangul content morphemes only) into tokens across
    ``_SPLIT_SENTENCES``, whole included; kept per process until the user words change."""
    if _splits_version[0] != _words_version:
        _splits.clear()
        _splits_version[0] = _words_version
    known = _splits.get(surface)
    if known is not None:
        return known
    final = _has_final_consonant(surface[-1])
    text = " ".join(
        sentence.format(w=surface, object="을" if final else "를", subject="이" if final else "가")
        for sentence in _SPLIT_SENTENCES
    )
    found: dict[tuple[str, ...], None] = {(surface,): None}
    for word in analyse_words(text):
        if word.text.startswith(surface) and not word.bigrams:
            tokens = tuple(token for token in word.tokens if _HANGUL_RUN.fullmatch(token))
            if "".join(tokens) == surface:
                found[tokens] = None
    if len(_splits) >= _SPLITS_MAX:
        _splits.clear()
    _splits[surface] = result = list(found)
    return result


def other_splits(word: Word) -> list[list[str]]:
    """The splits of a query word's compound noun other than its own (see above): only for a
    word whose tokens are Hangul morphemes spelling its start, three syllables or more."""
    tokens = word.tokens
    if not tokens or not all(_HANGUL_RUN.fullmatch(token) for token in tokens):
        return []
    surface = "".join(tokens)
    if len(surface) < _SPLIT_MIN_SYLLABLES or not word.text.startswith(surface):
        return []
    return [
        list(split)
        for split in _splits_of(surface)
        if list(split) != tokens and not _starts_a_user_word(split)
    ]


def _starts_a_user_word(split: tuple[str, ...]) -> bool:
    """Whether ``split`` is one token that begins a longer user word: its prefix match would
    find that word (북한인권* in 북한인권시민연합), whose parts were made one word precisely so
    that they would not match."""
    if len(split) != 1:
        return False
    return any(word != split[0] and word.startswith(split[0]) for word in _user_words)


_INFLECTED_TAGS = ("VV", "VA")


def query_has_inflected_stem(query: str) -> bool:
    """Whether a Hangul word of ``query`` analyses to a verb or adjective stem, whose written
    forms need not contain the stem (돕 in 도와): such a query cannot be found by its letters."""
    if not _HANGUL.search(query):
        return False
    return any(token.tag.startswith(_INFLECTED_TAGS) for token in kiwi_get().tokenize(query))
