"""The search bench's corpus: 100,000 generated posts whose words follow a Zipf-like law.

How it is built
---------------
- A vocabulary of real content words: Korean nouns, Korean verbal nouns (used as 하다 verbs:
  조사했습니다, 지원합니다) and English nouns and past-tense verbs. The words are dealt ranks
  at random (a fixed seed), and a word of rank r is drawn with probability proportional to
  1 / (r + q)^s (Zipf-Mandelbrot, s = 1.05). The offset q is solved for so that the most
  common word lands in about ``TOP_WORD_SHARE`` (15 %) of the documents, as in a real archive,
  where the commonest subject word (북한, 인권 on an NGO's site) is in a minority of posts; a
  generator with few words (the old one) let its common words match 40–50 % of the documents.
- Sentences are Korean or English grammar with the particles and endings the nouns need
  (받침 decides 은/는, 이/가, 을/를, 와/과, 으로/로), so Kiwi sees real morphology and gives the
  tokens it gives on real text: the particles and endings are dropped, the nouns and the
  stems of the verbal nouns are indexed. The templates hold no content word of their own: every
  content word in a document comes from the Zipf draw, so no word is in every document.
- A document: a title (a short noun phrase and a verbal noun) and 5–9 sentences (about 350
  characters), 80 % on the Korean news board in Korean, 20 % on the English one in English.

Why it is fair
--------------
- The match fractions span what readers ask: a few words match 5–15 % of the documents
  (common), many 0.5–5 % (medium), most under 0.5 % (rare); the bench reports each group on
  its own, so a fast rare group cannot hide a slow common one.
- The text is analysed by the site's own analyser through the real ``update_index``, so the
  index has the token statistics (document lengths, positions, repeated words) that bm25 and
  ts_rank work on. Queries are words of the same vocabulary, plus the labelled set's queries.

All text is made up: no real people, no real events.
"""

from __future__ import annotations

import math
import random

TOP_WORD_SHARE = 0.15
ZIPF_S = 1.05
KOREAN_SHARE = 0.8


def _words(text: str) -> list[str]:
    return text.split()


KO_NOUNS = _words(
    "북한 인권 난민 탈북민 청소년 가족 여성 어린이 학생 교사 학교 교육 장학금 정착 자립 일자리 "
    "상담 의료 병원 건강 생활 주거 주택 지역 마을 도시 국경 중국 러시아 몽골 태국 라오스 "
    "베트남 서울 부산 인천 제네바 뉴욕 유엔 정부 국회 법원 법률 변호사 재판 증언 기록 "
    "보고서 자료집 조사 실태 정책 제도 예산 후원 후원자 회원 봉사자 시민 단체 연합 협회 "
    "재단 센터 연구소 위원회 포럼 세미나 토론회 강연 강좌 캠프 아카데미 프로그램 사업 "
    "캠페인 성명 서명 청원 결의안 협약 조약 권고 보호 안전 평화 통일 민주주의 자유 정의 "
    "수용소 구금 송환 체포 박해 고문 처형 실종 납북자 국군포로 이산가족 상봉 편지 사진 "
    "영상 다큐멘터리 전시 책 번역 출판 신문 방송 기자 언론 인터뷰 기자회견 행사 축제 "
    "음악회 공연 예술 문화 역사 기억 추모 기념일 한국어 영어 수업 시험 대학 대학교 졸업 "
    "입학 취업 창업 기업 경제 식량 기아 농업 시장 장마당 화폐 무역 밀수 노동 노동자 "
    "임금 여권 비자 대사관 영사관 외교 외교관 대통령 장관 의원 대표 이사장 사무국 직원 "
    "활동가 전문가 연구자 학자 의사 간호사 심리 치료 트라우마 회복 치유 공동체 종교 교회 "
    "성당 사찰 이웃 친구 부모 자녀 형제 할머니 할아버지 고향 추석 설날 겨울 여름 "
    "봄 가을 날씨 홍수 가뭄 지진 재난 구호 물자 의약품 식료품 담요 옷 신발 가방 "
    "컴퓨터 인터넷 라디오 휴대전화 통신 정보 감시 검열 처벌 법령 헌법 형법 선거 투표 "
    "대학생 중학생 초등학생 멘토 멘토링 동아리 도서관 교과서 장학생 연수 훈련 자격증 "
    "운전 요리 미용 간호 회계 디자인 통역 안내 지도 지도자 정치범 인신매매 브로커 "
    "국제기구 특별보고관 조사위원회 인권이사회 총회 안보리 제재 협상 대화 회담 합의 "
    "미국 일본 유럽 영국 독일 프랑스 캐나다 호주 아시아 아프리카 항구 공항 철도 도로 "
    "국경선 강 바다 산 숲 농장 공장 광산 탄광 학교폭력 차별 편견 인식 이해 관심 연대"
)

KO_VERBAL_NOUNS = _words(
    "조사 발표 지원 기록 개최 참석 참여 요청 촉구 규탄 환영 발간 출간 방문 면담 논의 "
    "협력 운영 모집 선발 수여 전달 보고 제출 채택 설명 소개 안내 교육 상담 증언 "
    "분석 연구 제안 검토 확인 공개 공유 전시 상영 진행 시작 마무리 준비 계획 추진 "
    "호소 설립 출범 파견 후원 기부 봉사 구조 송금 통역 번역 취재 보도 감사 축하 추모"
)

EN_NOUNS = _words(
    "refugee refugees defector family families woman women child children student students "
    "teacher school education scholarship resettlement job counselling clinic health housing "
    "border china russia mongolia thailand seoul geneva united nations government parliament "
    "court lawyer trial testimony record report survey policy budget donor member volunteer "
    "citizen coalition foundation centre institute committee forum seminar lecture camp "
    "academy programme campaign statement petition resolution treaty protection safety peace "
    "freedom justice camp detention repatriation arrest persecution torture execution "
    "disappearance abductee prisoner reunion letter photograph film documentary exhibition "
    "book translation newspaper broadcast journalist interview conference festival concert "
    "history memory memorial language class exam university graduation employment business "
    "economy food famine farming market currency trade smuggling labour wage passport visa "
    "embassy diplomat minister delegate secretariat staff activist expert researcher doctor "
    "nurse therapy trauma recovery community church neighbour friend parent grandmother "
    "hometown winter summer flood drought disaster relief medicine blanket radio phone "
    "internet surveillance censorship punishment constitution election mentor library "
    "textbook training certificate interpreter broker rapporteur inquiry council sanctions "
    "dialogue agreement japan europe britain canada australia asia port railway river "
    "mountain farm factory mine discrimination awareness solidarity"
)

EN_VERBS = _words(
    "documented reported supported recorded hosted attended joined requested urged condemned "
    "welcomed published visited discussed organised recruited selected awarded delivered "
    "submitted adopted explained introduced guided trained counselled analysed studied "
    "proposed reviewed confirmed released shared screened launched prepared planned founded "
    "appealed dispatched donated rescued translated interviewed thanked celebrated remembered"
)

_KO_TEMPLATES = (
    "{a|topic} {b|object} {v}했습니다.",
    "{a}에서 {b|object} {v}합니다.",
    "{a}의 {b|subject} {v}되었습니다.",
    "{a|with} {b|object} {v}하였습니다.",
    "{a|by} {b|object} {v}했습니다.",
    "{a}의 {b|with} {c|object} {v}합니다.",
    "{a}에게 {b|object} {v}하겠습니다.",
    "{a|topic} {b}에서 {c|object} {v}했습니다.",
)
_EN_TEMPLATES = (
    "The {a} {v} the {b}.",
    "The {a} of the {b} {v} the {c}.",
    "A {a} {v} {b} in {c}.",
    "Our {a} and {b} {v} the {c}.",
    "The {a} {v} {b} for the {c}.",
)


def _final(word: str) -> bool:
    """Whether a Hangul word ends with a consonant (받침), which chooses its particle."""
    last = word[-1]
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def _particle(word: str, kind: str) -> str:
    final = _final(word)
    if kind == "topic":
        return word + ("은" if final else "는")
    if kind == "subject":
        return word + ("이" if final else "가")
    if kind == "object":
        return word + ("을" if final else "를")
    if kind == "with":
        return word + ("과" if final else "와")
    if kind == "by":  # ㄹ 받침 takes 로
        rieul = final and (ord(word[-1]) - 0xAC00) % 28 == 8
        return word + ("으로" if final and not rieul else "로")
    return word


class Zipf:
    """Words drawn with probability ∝ 1 / (rank + q)^s, ranks dealt at random."""

    def __init__(self, words, rng: random.Random, top_share_per_draw: float):
        self.words = list(dict.fromkeys(words))
        rng.shuffle(self.words)
        self.q = _solve_offset(len(self.words), top_share_per_draw)
        weights = [1 / (rank + self.q) ** ZIPF_S for rank in range(1, len(self.words) + 1)]
        total = sum(weights)
        self.p = [w / total for w in weights]
        self.cumulative = []
        running = 0.0
        for p in self.p:
            running += p
            self.cumulative.append(running)

    def draw(self, rng: random.Random) -> str:
        import bisect

        return self.words[
            min(bisect.bisect_left(self.cumulative, rng.random()), len(self.words) - 1)
        ]


def _solve_offset(size: int, top: float) -> float:
    """q such that the rank-1 word's probability per draw is ``top`` (bisection)."""

    def first(q: float) -> float:
        return (1 / (1 + q) ** ZIPF_S) / sum(1 / (r + q) ** ZIPF_S for r in range(1, size + 1))

    low, high = 0.0, 1000.0
    if first(low) <= top:
        return 0.0
    for _ in range(50):
        middle = (low + high) / 2
        if first(middle) > top:
            low = middle
        else:
            high = middle
    return high


# noun draws per Korean document: title 2 + about 7 sentences × 2.25 nouns
KO_NOUN_DRAWS = 18
KO_VERB_DRAWS = 8
EN_NOUN_DRAWS = 20
EN_VERB_DRAWS = 7


def _per_draw(draws: int) -> float:
    """The per-draw probability that puts the top word in TOP_WORD_SHARE of documents."""
    return 1 - (1 - TOP_WORD_SHARE) ** (1 / draws)


class Corpus:
    def __init__(self, seed: int = 27):
        rng = random.Random(seed)  # noqa: S311 - made-up text, not secrets
        self.ko_nouns = Zipf(KO_NOUNS, rng, _per_draw(KO_NOUN_DRAWS))
        self.ko_verbs = Zipf(KO_VERBAL_NOUNS, rng, _per_draw(KO_VERB_DRAWS))
        self.en_nouns = Zipf(EN_NOUNS, rng, _per_draw(EN_NOUN_DRAWS))
        self.en_verbs = Zipf(EN_VERBS, rng, _per_draw(EN_VERB_DRAWS))
        self.seed = seed

    def _korean_sentence(self, rng) -> str:
        template = rng.choice(_KO_TEMPLATES)
        out = template.replace("{v}", self.ko_verbs.draw(rng))
        for slot in ("a", "b", "c"):
            for kind in ("topic", "subject", "object", "with", "by", None):
                marker = "{" + slot + ("|" + kind if kind else "") + "}"
                if marker in out:
                    out = out.replace(marker, _particle(self.ko_nouns.draw(rng), kind or ""))
        return out

    def _english_sentence(self, rng) -> str:
        out = rng.choice(_EN_TEMPLATES).replace("{v}", self.en_verbs.draw(rng))
        for slot in ("a", "b", "c"):
            out = out.replace("{" + slot + "}", self.en_nouns.draw(rng))
        return out[0].upper() + out[1:]

    def document(self, number: int) -> tuple[str, str, str]:
        """(language, title, body) of document ``number`` (the same for the same seed)."""
        rng = random.Random(self.seed * 1_000_003 + number)  # noqa: S311 - made-up text
        if rng.random() < KOREAN_SHARE:
            title = f"{self.ko_nouns.draw(rng)} {self.ko_nouns.draw(rng)} {self.ko_verbs.draw(rng)}"
            body = " ".join(self._korean_sentence(rng) for _ in range(rng.randint(5, 9)))
            return "ko", title, body
        title = f"{self.en_nouns.draw(rng).title()} {self.en_verbs.draw(rng)} the {self.en_nouns.draw(rng)}"
        body = " ".join(self._english_sentence(rng) for _ in range(rng.randint(5, 9)))
        return "en", title, body

    def queries(self) -> list[tuple[str, str]]:
        """(language, query): words of every rank band of each vocabulary, and two-word ones."""
        picks = []
        for language, zipf in (
            ("ko", self.ko_nouns),
            ("ko", self.ko_verbs),
            ("en", self.en_nouns),
            ("en", self.en_verbs),
        ):
            n = len(zipf.words)
            ranks = sorted({0, 1, 2, 4, 8, 16, 32, 64, n // 3, n // 2, (2 * n) // 3, n - 1})
            picks += [(language, zipf.words[r]) for r in ranks if r < n]
        for language, nouns in (("ko", self.ko_nouns), ("en", self.en_nouns)):
            for a, b in ((0, 1), (0, 20), (3, 50), (10, 100)):
                if b < len(nouns.words):
                    picks.append((language, f"{nouns.words[a]} {nouns.words[b]}"))
        return picks


def expected_top_share() -> float:
    return TOP_WORD_SHARE


def _check() -> None:  # python -m bench.search_corpus: a few documents and the top words
    corpus = Corpus()
    counts: dict[str, int] = {}
    docs = 5000
    for number in range(docs):
        _, title, body = corpus.document(number)
        for word in set((title + " " + body).split()):
            counts[word] = counts.get(word, 0) + 1
    for number in range(3):
        print(corpus.document(number))
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:15]
    print([(w, round(c / docs, 3)) for w, c in top])
    print(math.nan if not top else "ok")


if __name__ == "__main__":
    _check()
