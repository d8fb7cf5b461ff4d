"""Model rules: ids, constraints, validation and the small derived values."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from articles.models import Article, ArticlePhoto, Contributor, Photo, Section
from articles.models.articles import new_short_id

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    FactBoxFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


class TestShortId:
    def test_new_article_gets_eight_hex_characters(self):
        """The permanent id looks like the sample's link: 8 lower-case hex characters."""
        assert re.fullmatch(r"[0-9a-f]{8}", ArticleFactory().short_id)

    def test_short_id_survives_a_new_title(self):
        """Titles change freely; the address does not."""
        article = ArticleFactory(title="旧标题")
        short_id, url = article.short_id, article.get_absolute_url()
        article.title = "新标题"
        article.save()
        article.refresh_from_db()
        assert (article.short_id, article.get_absolute_url()) == (short_id, url)
        assert url == f"/a/{short_id}/"

    def test_short_id_is_unique_in_the_database(self):
        """Two stories can never share an address."""
        ArticleFactory(short_id="41c86c4e")
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(short_id="41c86c4e")

    def test_generator_skips_a_taken_id(self, monkeypatch):
        """A collision with an existing id is drawn again, not saved."""
        ArticleFactory(short_id="aaaaaaaa")
        draws = iter(["aaaaaaaa", "bbbbbbbb"])
        monkeypatch.setattr("secrets.token_hex", lambda n: next(draws))
        assert new_short_id() == "bbbbbbbb"

    def test_malformed_short_id_fails_validation(self):
        """Hand-made ids must follow the same pattern."""
        article = ArticleFactory.build(short_id="41C86C4E", section=ArticleFactory().section)
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert "short_id" in error.value.message_dict


class TestArticleRules:
    def test_published_story_needs_a_publication_time(self):
        """The database refuses a published story without publish_at."""
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(status=Article.Status.PUBLISHED, publish_at=None)

    def test_unknown_status_is_refused_by_the_database(self):
        """Status values outside the workflow cannot be stored."""
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(status="live")

    def test_title_is_required(self):
        """A story without a headline is invalid, with the error on the title."""
        article = ArticleFactory.build(title="", section=ArticleFactory().section)
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert list(error.value.message_dict) == ["title"]

    @pytest.mark.parametrize(
        "field, value",
        [
            ("source_url", "https://example.com/original"),
            ("original_author", "长江日报"),
            ("original_title", "原标题"),
            ("repost_notice", "本文转载自互联网,如有侵权,联系删除。"),
        ],
    )
    def test_repost_fields_require_a_source(self, field, value):
        """A repost must name its source (来源): the error sits on that field."""
        article = ArticleFactory.build(section=ArticleFactory().section, **{field: value})
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert list(error.value.message_dict) == ["source_name"]

    def test_repost_canonical_points_to_the_original(self):
        """A repost with an original URL is canonical there; our own stories have none."""
        repost = ArticleFactory(source_name="长江日报", source_url="https://example.com/a/1")
        assert repost.is_repost and repost.canonical_url == "https://example.com/a/1"
        own = ArticleFactory()
        assert not own.is_repost and own.canonical_url is None

    def test_deleting_a_section_with_stories_is_refused(self):
        """Stories are never lost by deleting their section."""
        article = ArticleFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Section.objects.filter(pk=article.section_id).delete()


class TestSection:
    @pytest.mark.parametrize("levels", [0, 4])
    def test_review_levels_are_one_to_three(self, levels):
        """三审 at most: the database refuses other values."""
        with pytest.raises(IntegrityError), transaction.atomic():
            Section.objects.create(name="x", slug="x", review_levels=levels)


class TestBylines:
    def test_bylines_keep_print_order(self):
        """Bylines come back in the order the editor gave, not in creation order."""
        article = ArticleFactory()
        second = BylineFactory(article=article, order=2)
        first = BylineFactory(article=article, order=1)
        assert list(article.bylines.all()) == [first, second]

    def test_a_contributor_is_credited_once_per_story(self):
        """The same person twice on one story is refused."""
        byline = BylineFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            BylineFactory(article=byline.article, contributor=byline.contributor)

    def test_role_defaults_to_the_contributors_role(self):
        """An empty byline role prints the contributor's default role."""
        byline = BylineFactory(role="", contributor__default_role="correspondent")
        assert byline.credited_role.printed == "通讯员"
        byline.role = "intern"
        assert byline.credited_role.printed == "实习生"

    def test_contributor_in_a_byline_cannot_be_deleted(self):
        """Deleting a credited person would silently change published bylines."""
        byline = BylineFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Contributor.objects.filter(pk=byline.contributor_id).delete()


class TestContributorSlug:
    def test_namesakes_get_numbered_slugs(self):
        """同名同姓: a second 王磊 gets his own profile address."""
        ContributorFactory(name="王磊", slug=Contributor.unique_slug_for("王磊"))
        assert Contributor.unique_slug_for("王磊") == "王磊-2"


class TestPhotos:
    def test_dimensions_are_read_from_the_image(self):
        """Width and height come from the file, through Pillow."""
        from django.core.files.base import ContentFile

        from .factories import jpeg_bytes

        photo = PhotoFactory(image=ContentFile(jpeg_bytes(120, 90), name="x.jpg"))
        assert (photo.width, photo.height) == (120, 90)

    def test_stored_names_are_neutral_whatever_the_upload_was_called(self):
        """Camera and phone file names (Chinese, spaces, a lying extension) never reach the
        path: originals get a random name with the extension of what the file really is."""
        from django.core.files.base import ContentFile

        from .factories import jpeg_bytes

        photos = [
            PhotoFactory(image=ContentFile(jpeg_bytes(comment=str(n)), name=name))
            for n, name in enumerate(["武汉 夜景 IMG_01.JPG", "report.pdf"])
        ]
        assert photos[0].image.name != photos[1].image.name
        for photo in photos:
            assert re.fullmatch(r"originals/\d{4}/\d{2}/[0-9a-f]{24}\.jpg", photo.image.name)
        assert [p.original_filename for p in photos] == ["武汉 夜景 IMG_01.JPG", "report.pdf"]

    def test_oversized_file_is_refused_with_a_message(self, settings):
        """A file over the limit is refused by the one door, saying how big it may be."""
        from django.core.files.base import ContentFile

        from photos.intake import ImageRefused

        from .factories import jpeg_bytes

        settings.NEWSDESK_MAX_IMAGE_BYTES = 100
        with pytest.raises(ImageRefused) as error:
            PhotoFactory(image=ContentFile(jpeg_bytes(), name="big.jpg"))
        assert "“big.jpg”" in error.value.messages[0] and "MB" in error.value.messages[0]
        assert not Photo.objects.exists()

    def test_credit_is_a_contributor_or_a_free_name(self):
        """Both at once is ambiguous: refused by validation and by the database."""
        contributor = ContributorFactory()
        photo = PhotoFactory.build(credit_contributor=contributor, credit_name="新华社")
        with pytest.raises(ValidationError) as error:
            photo.full_clean()
        assert "credit_name" in error.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            photo.save()

    def test_one_lead_photo_per_article(self):
        """The database keeps a story to a single lead photo."""
        lead = ArticlePhotoFactory(is_lead=True)
        ArticlePhotoFactory(article=lead.article, is_lead=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticlePhotoFactory(article=lead.article, is_lead=True)

    def test_lead_photo_check_has_a_message_for_forms(self):
        """Model validation reports the lead-photo rule in words, before the database."""
        lead = ArticlePhotoFactory(is_lead=True)
        second = ArticlePhoto(article=lead.article, photo=PhotoFactory(), is_lead=True)
        with translation.override("en"), pytest.raises(ValidationError, match="only one lead"):
            second.full_clean()

    def test_a_photo_is_used_once_per_story(self):
        """The same photo twice in one story is refused."""
        usage = ArticlePhotoFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticlePhotoFactory(article=usage.article, photo=usage.photo)

    def test_story_caption_overrides_the_library_caption(self):
        """A story may print its own caption; otherwise the photo's caption prints."""
        usage = ArticlePhotoFactory(photo__caption="碳汇大厦。")
        assert usage.printed_caption == "碳汇大厦。"
        usage.caption = "位于中北路的碳汇大厦。"
        assert usage.printed_caption == "位于中北路的碳汇大厦。"

    def test_photo_in_use_cannot_be_deleted(self):
        """Deleting a library photo would leave holes in published stories."""
        usage = ArticlePhotoFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Photo.objects.filter(pk=usage.photo_id).delete()


def test_fact_box_items_drop_bullets_and_blank_lines():
    """Pasted print bullets (●) and blank lines don't become items."""
    box = FactBoxFactory.build(
        items="●区域经济总量突破1900亿元。\n\n● 获评全国创新百强区第25名。\n"
    )
    assert box.item_list == ["区域经济总量突破1900亿元。", "获评全国创新百强区第25名。"]
