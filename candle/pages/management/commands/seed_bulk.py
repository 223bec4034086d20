"""Fill a database with generated posts for profiling and load tests (``make bench``).

    manage.py seed_bulk --posts 10000 --seed 1

Builds both languages' site tree first, then spreads the posts over the boards (most on the
Korean news board, so that its page 200 exists), about 1,200 characters each, with categories
and work areas, through ``candle.pages.services.post_create``. The text is generated from a
fixed list of phrases: no real people, no real events. Refuses to run on a database that
already has more than a handful of posts unless ``--add`` is given.
"""

import random
import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page

from candle.caching.services import page_cache_paused
from candle.pages.listings import board_listings_rebuild
from candle.pages.models import Category, PostPage, WorkArea
from candle.pages.services import page_statistics_refresh, post_create, site_tree_ensure

# Share of posts per (language, board slug). The Korean news board gets the most.
BOARD_SHARES = [
    ("ko", "news", 0.55),
    ("ko", "statements", 0.12),
    ("ko", "press", 0.08),
    ("ko", "notices", 0.05),
    ("en", "news", 0.15),
    ("en", "statements", 0.05),
]

KO_SUBJECTS = [
    "북한이탈주민",
    "난민 구호 활동",
    "청소년 교육 프로그램",
    "인권 침해 실태",
    "강제송환 문제",
    "국제 연대",
    "시민 교육 강좌",
    "자원봉사자 모임",
    "정책 토론회",
    "증언 기록 사업",
]
KO_PHRASES = [
    "{s}에 관한 새 소식을 전합니다.",
    "이번 달 {s} 현황을 정리했습니다.",
    "{s}을(를) 위한 후원이 이어지고 있습니다.",
    "현장에서 만난 분들은 {s}의 중요성을 거듭 말했습니다.",
    "우리는 {s}에 대해 국제사회의 관심을 요청합니다.",
    "{s}과(와) 관련한 자료집을 곧 펴낼 예정입니다.",
    "{s}에 참여한 봉사자들이 소감을 나누었습니다.",
    "앞으로도 {s}을(를) 꾸준히 기록하고 알리겠습니다.",
    "난민의 안전한 정착을 위해 함께해 주십시오.",
    "자세한 일정은 공지사항에서 확인하실 수 있습니다.",
]
EN_SUBJECTS = [
    "refugee assistance",
    "youth education",
    "forced repatriation",
    "testimony archive",
    "public lectures",
    "volunteer training",
    "policy roundtable",
    "international solidarity",
]
EN_PHRASES = [
    "This update covers {s} over the past month.",
    "Volunteers shared what they learned from {s}.",
    "We ask the international community to pay attention to {s}.",
    "A report on {s} will follow soon.",
    "Thank you to every supporter who made {s} possible.",
    "Details are on the notices board.",
]


def _text(rng: random.Random, language: str, length: int) -> tuple[str, str]:
    subjects, phrases = (KO_SUBJECTS, KO_PHRASES) if language == "ko" else (EN_SUBJECTS, EN_PHRASES)
    subject = rng.choice(subjects)
    sentences: list[str] = []
    while sum(len(s) + 1 for s in sentences) < length:
        sentences.append(rng.choice(phrases).format(s=rng.choice(subjects)))
    return subject, " ".join(sentences)


def _post_create_fast(
    *, board, title, slug, date, summary, body_html, byline, pinned, categories, work_areas
):
    """A live post saved once, without a revision: what ``post_create`` makes, minus the history.

    The tree path is computed from the board's last child rather than looked up per post.
    Editing such a post in the admin creates its first revision as usual.
    """
    step = getattr(board, "_seed_step", None)
    if step is None:
        last_child = board.get_last_child()
        step = PostPage._str2int(last_child.path[-PostPage.steplen :]) if last_child else 0
    step += 1
    board._seed_step = step
    path = PostPage._get_path(board.path, board.depth + 1, step)
    page = PostPage(
        title=title,
        slug=slug,
        locale_id=board.locale_id,
        date=date,
        summary=summary,
        byline=byline,
        pinned=pinned,
        body=[("paragraph", body_html)],
        live=True,
        has_unpublished_changes=False,
        first_published_at=date,
        last_published_at=date,
        path=path,
        depth=board.depth + 1,
        numchild=0,
        url_path=f"{board.url_path}{slug}/",
    )
    page.categories.set(categories)  # parental relations: kept in memory, written by save()
    page.work_areas.set(work_areas)
    page.save(clean=False)
    return page


class Command(BaseCommand):
    help = "Fill the database with N generated posts (fictional text) for profiling and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--add", action="store_true", help="add to a database that already has posts"
        )
        parser.add_argument(
            "--revisions",
            action="store_true",
            help="create each post through post_create (revisions, publish signals): ~10x slower",
        )

    def handle(self, *args, posts: int, seed: int, add: bool, revisions: bool, **options):
        fast = not revisions
        if posts < 1 or posts > 200_000:
            raise CommandError("--posts must be between 1 and 200000.")
        if not add and PostPage.objects.count() > 20:
            raise CommandError("This database already has posts; pass --add to add more.")
        rng = random.Random(seed)  # noqa: S311 - made-up text, not secrets
        started = time.monotonic()
        # The search index is built once at the end (in bulk), not post by post.
        backends = {
            name: {**config, "AUTO_UPDATE": False}
            for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        with page_cache_paused(), override_settings(WAGTAILSEARCH_BACKENDS=backends):
            trees = site_tree_ensure()
            categories = list(Category.objects.all())
            areas = list(WorkArea.objects.all())
            plan = []
            for language, board_slug, share in BOARD_SHARES:
                plan += [(language, board_slug)] * round(posts * share)
            plan = (plan + [("ko", "news")] * posts)[:posts]
            rng.shuffle(plan)
            now = timezone.now()
            batch = 250
            for start in range(0, posts, batch):
                with transaction.atomic():
                    for number in range(start, min(start + batch, posts)):
                        language, board_slug = plan[number]
                        subject, body = _text(rng, language, rng.randint(900, 1500))
                        title = (
                            f"{subject} {number + 1}"
                            if language == "ko"
                            else f"Update on {subject} ({number + 1})"
                        )
                        fields = {
                            "board": trees[language].boards[board_slug],
                            "title": title,
                            "slug": f"p{number + 1}",
                            "date": now - timedelta(minutes=37 * (posts - number)),
                            "summary": body[:140],
                            "body_html": f"<p>{body}</p>",
                            "byline": "김가명" if language == "ko" else "Jane Example",
                            "pinned": number % 997 == 0,
                            "categories": rng.sample(categories, k=min(1, len(categories))),
                            "work_areas": rng.sample(areas, k=min(1, len(areas))),
                        }
                        if fast:
                            _post_create_fast(**fields)
                        else:
                            post_create(**fields)
                self.stdout.write(
                    f"{min(start + batch, posts)}/{posts} posts ({time.monotonic() - started:.0f} s)"
                )
            for tree in trees.values():
                for board in tree.boards.values():
                    # (get_children() trusts the stale numchild, so count by path)
                    board.numchild = Page.objects.filter(
                        path__startswith=board.path, depth=board.depth + 1
                    ).count()
                    board.save(update_fields=["numchild"])
            board_listings_rebuild()  # the fast path skips publishing, which keeps the listing table
        self.stdout.write(f"Indexing for search ({time.monotonic() - started:.0f} s)…")
        call_command("update_index", verbosity=0)
        # as autovacuum would soon: a bench must not measure plans made without statistics
        page_statistics_refresh()
        self.stdout.write(
            self.style.SUCCESS(f"Created {posts} posts in {time.monotonic() - started:.0f} s.")
        )
