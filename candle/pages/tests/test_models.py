"""Where each page type may live, and what the models promise on their own."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from candle.pages.factories import CandleDocumentFactory, category, post_make, work_area
from candle.pages.models import (
    BoardPage,
    HomePage,
    PostPage,
    ReportIndexPage,
    ReportPage,
    StandardPage,
    WorkAreaPage,
)

ALL_TYPES = [HomePage, StandardPage, WorkAreaPage, BoardPage, PostPage, ReportIndexPage, ReportPage]


class PageTreeRulesTests(WagtailPageTestCase):
    """Every page type has parent_page_types/subpage_types, and they hold together."""

    def test_every_type_declares_its_place(self):
        for model in ALL_TYPES:
            assert "parent_page_types" in model.__dict__, model
            assert "subpage_types" in model.__dict__, model

    def test_home_sits_under_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        for model in ALL_TYPES:
            self.assertCanNotCreateAt(model, HomePage)

    def test_home_holds_the_sections(self):
        # other apps (giving, advocacy…) add their own sections; the foundation's must be there
        for model in (StandardPage, WorkAreaPage, BoardPage, ReportIndexPage):
            self.assertCanCreateAt(HomePage, model)
        for model in (HomePage, PostPage, ReportPage):
            self.assertCanNotCreateAt(HomePage, model)

    def test_posts_live_on_boards_only(self):
        self.assertAllowedParentPageTypes(PostPage, {BoardPage})
        self.assertCanCreateAt(BoardPage, PostPage)
        for parent in (HomePage, StandardPage, WorkAreaPage, ReportIndexPage, PostPage):
            self.assertCanNotCreateAt(parent, PostPage)
        self.assertAllowedSubpageTypes(PostPage, set())

    def test_reports_live_in_the_library_only(self):
        self.assertAllowedParentPageTypes(ReportPage, {ReportIndexPage})
        self.assertAllowedSubpageTypes(ReportIndexPage, {ReportPage})
        self.assertCanNotCreateAt(BoardPage, ReportPage)
        self.assertAllowedSubpageTypes(ReportPage, set())

    def test_sections_hang_off_the_home_page(self):
        for model in (WorkAreaPage, BoardPage, ReportIndexPage):
            self.assertAllowedParentPageTypes(model, {HomePage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage, WorkAreaPage})
        self.assertCanCreateAt(WorkAreaPage, StandardPage)
        self.assertCanNotCreateAt(BoardPage, StandardPage)
        self.assertCanNotCreateAt(WorkAreaPage, BoardPage)


def test_site_tree_is_idempotent(site_tree):
    from candle.pages.services import site_tree_ensure

    before = Page.objects.count()
    again = site_tree_ensure()
    assert Page.objects.count() == before
    assert again["ko"].home.pk == site_tree["ko"].home.pk
    assert again["en"].boards["news"].pk == site_tree["en"].boards["news"].pk


def test_site_tree_pairs_every_korean_page_with_its_english_translation(site_tree):
    ko, en = site_tree["ko"], site_tree["en"]
    pairs = [(ko.home, en.home), (ko.library, en.library)]
    pairs += [(ko.boards[s], en.boards[s]) for s in ko.boards]
    pairs += [(ko.work_areas[s], en.work_areas[s]) for s in ko.work_areas]
    pairs += [(ko.standard[s], en.standard[s]) for s in ko.standard]
    assert len(pairs) == 2 + 4 + 4 + 5
    for korean, english in pairs:
        assert korean.translation_key == english.translation_key
        assert korean.locale.language_code == "ko"
        assert english.locale.language_code == "en"
        assert Page.objects.live().filter(pk__in=[korean.pk, english.pk]).count() == 2
    assert set(ko.standard) == {"about", "history", "membership", "contact", "privacy"}
    assert set(ko.work_areas) == {"advocacy", "youth", "education", "rescue"}
    assert set(ko.boards) == {"news", "statements", "press", "notices"}


def test_post_create_gives_unique_slugs_on_one_board(site_tree):
    board = site_tree["ko"].boards["news"]
    first = post_make(board, title="같은 제목")
    second = post_make(board, title="같은 제목")
    assert first.slug != second.slug
    assert {first.slug, second.slug} == {"같은-제목", "같은-제목-2"}


def test_post_keeps_labels_and_other_boards(site_tree):
    ko = site_tree["ko"]
    post = post_make(
        ko.boards["statements"],
        title="성명",
        categories=[category("statement")],
        work_areas=[work_area("advocacy")],
        other_boards=[ko.boards["press"]],
    )
    post = PostPage.objects.get(pk=post.pk)
    assert [c.slug for c in post.categories.all()] == ["statement"]
    assert [w.slug for w in post.work_areas.all()] == ["advocacy"]
    assert list(post.other_boards.all()) == [ko.boards["press"]]


def test_draft_post_is_not_live(site_tree):
    post = post_make(site_tree["ko"].boards["news"], title="초안", publish=False)
    post.refresh_from_db()
    assert not post.live
    assert post.get_latest_revision() is not None


def test_bilingual_labels_follow_the_active_language(db):
    from django.utils import translation

    area = work_area("rescue")
    with translation.override("ko"):
        assert area.name == "북한난민 구호"
    with translation.override("en"):
        assert area.name == "Refugee Rescue"


def test_report_must_point_at_a_pdf(site_tree):
    from django.core.files.base import ContentFile

    library = site_tree["ko"].library
    sheet = CandleDocumentFactory(
        title="sheet", file=ContentFile(b"a,b\n1,2\n", name="figures.csv")
    )
    report = ReportPage(
        title="Report",
        slug="r",
        locale_id=library.locale_id,
        year=2020,
        abstract="<p>x</p>",
        pdf=sheet,
    )
    with pytest.raises(ValidationError) as error:
        report.clean()
    assert "pdf" in error.value.message_dict


def test_report_year_is_bounded(site_tree):
    library = site_tree["ko"].library
    report = ReportPage(
        title="Report",
        slug="r",
        locale_id=library.locale_id,
        year=1800,
        abstract="<p>x</p>",
        pdf=CandleDocumentFactory(),
    )
    with pytest.raises(ValidationError) as error:
        report.full_clean(
            exclude=["path", "depth", "url_path", "content_type", "translation_key", "draft_title"]
        )
    assert "year" in error.value.message_dict
