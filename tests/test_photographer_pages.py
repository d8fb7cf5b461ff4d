"""Photographers on the reader site: their published photos on /people/<slug>/, credits as links."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import CreditVerb, Role
from articles.structured_data import photo_creator

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    PhotoFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def he():
    """何晓刚, who took the sample story's photos and has no byline of his own."""
    return ContributorFactory(name="何晓刚", slug="he-xiaogang", default_role=Role.REPORTER)


def page_of(client, contributor, **params):
    response = client.get(contributor.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def grid(page):
    """The photo grid's HTML, or "" when the page has none."""
    match = re.search(r'<section class="photo-grid".*?</section>', page, re.S)
    return match[0] if match else ""


def grid_items(page):
    """(story address, story title) for each photo in the grid, in order."""
    return re.findall(r'<a class="photo-grid-story" href="([^"]+)">(.*?)</a>', grid(page))


def used_in(photo, **story):
    """A story of the given kind that prints ``photo``."""
    article = ArticleFactory(**story)
    ArticlePhotoFactory(article=article, photo=photo, is_lead=True)
    return article


# --- What the grid shows --------------------------------------------------------------------


def test_photographer_without_bylines_gets_his_published_photos(reader, he):
    """何晓刚's page shows his photo, caption, linked credit and story link, not 暂无文章."""
    photo = PhotoFactory(credit_contributor=he, caption="余松做客两会直播间。",
                         alt_text="余松在直播间")
    story = used_in(photo, published=True, title="余松做客两会直播间")
    page = page_of(reader, he)
    assert grid_items(page) == [(story.get_absolute_url(), "余松做客两会直播间")]
    assert "余松做客两会直播间。" in grid(page)
    credit = '<span class="credit">记者<a href="/people/he-xiaogang/">何晓刚</a> 摄</span>'
    assert credit in grid(page)
    assert 'alt="余松在直播间"' in grid(page)
    assert "No stories here yet." not in page
    assert '<p class="list-kind">Photos by</p>' in page


def test_grid_uses_a_square_rendition(reader, he):
    """Grid pictures come from the square renditions, never from the private original."""
    photo = PhotoFactory(credit_contributor=he)
    used_in(photo, published=True)
    key = photo.rendition_key
    assert f'/media/renditions/{key[:2]}/{key}/1x1-' in grid(page_of(reader, he))
    assert photo.image.name not in page_of(reader, he)


@pytest.mark.parametrize("kind", [
    {},  # a draft
    {"submitted": True},
    {"scheduled": True},
    {"withdrawn": True},
])
def test_photos_only_in_stories_readers_cannot_see_never_show(reader, he, kind):
    """A photo used only in a draft, submitted, scheduled or withdrawn story is not listed."""
    used_in(PhotoFactory(credit_contributor=he), title="不公开的稿件", **kind)
    page = page_of(reader, he)
    assert grid(page) == ""
    assert "不公开的稿件" not in page
    assert "No stories here yet." in page


def test_unused_and_others_photos_are_not_listed(reader, he):
    """A library photo never printed, and photos credited to someone else, stay off the page."""
    PhotoFactory(credit_contributor=he, caption="从未见报的照片。")
    used_in(PhotoFactory(credit_contributor=ContributorFactory(), caption="别人的照片。"),
            published=True)
    used_in(PhotoFactory(credit_name="新华社", credit_verb="发", caption="通稿照片。"),
            published=True)
    page = page_of(reader, he)
    assert grid(page) == ""
    for caption in ("从未见报的照片。", "别人的照片。", "通稿照片。"):
        assert caption not in page


def test_photo_links_to_its_most_recent_public_story(reader, he):
    """A photo used many times links to its newest public story, and is listed once."""
    now = timezone.now()
    photo = PhotoFactory(credit_contributor=he)
    used_in(photo, published=True, publish_at=now - timedelta(days=3), title="旧报道")
    newer = used_in(photo, published=True, publish_at=now - timedelta(days=1), title="新报道")
    used_in(photo, scheduled=True, title="明天的报道")
    used_in(photo, title="草稿")
    assert grid_items(page_of(reader, he)) == [(newer.get_absolute_url(), "新报道")]


def test_grid_prints_the_caption_the_story_printed(reader, he):
    """When the linked story printed its own caption, the grid shows that one."""
    photo = PhotoFactory(credit_contributor=he, caption="资料库里的说明。")
    article = ArticleFactory(published=True)
    ArticlePhotoFactory(article=article, photo=photo, caption="稿件里的图说。")
    page = page_of(reader, he)
    assert "稿件里的图说。" in grid(page)
    assert "资料库里的说明。" not in page


def test_photos_are_ordered_by_their_latest_public_story(reader, he):
    """The photo last printed comes first."""
    now = timezone.now()
    for days, title in [(5, "五天前"), (1, "昨天"), (3, "三天前")]:
        used_in(PhotoFactory(credit_contributor=he), published=True, title=title,
                publish_at=now - timedelta(days=days))
    assert [title for _, title in grid_items(page_of(reader, he))] == ["昨天", "三天前", "五天前"]


def test_stories_come_first_and_the_grid_follows(reader, he):
    """Someone with bylines and photos gets the story list, then the grid below it."""
    BylineFactory(article=ArticleFactory(published=True, title="他写的报道"), contributor=he)
    used_in(PhotoFactory(credit_contributor=he), published=True, title="他拍的报道")
    page = page_of(reader, he)
    assert page.index("他写的报道") < page.index('<section class="photo-grid"')
    assert '<p class="list-kind">Stories by</p>' in page
    assert "No stories here yet." not in page


# --- Pagination -------------------------------------------------------------------------------


@pytest.fixture
def twenty_five_photos(he):
    """25 of 何晓刚's photos, each in its own public story, newest first by title."""
    now = timezone.now()
    for n in range(25):
        used_in(PhotoFactory(credit_contributor=he), published=True, title=f"图片稿{n:02d}",
                publish_at=now - timedelta(hours=n + 1))


def test_photos_come_24_to_a_page(reader, he, twenty_five_photos):
    """25 photos make two pages of the grid; the second holds the oldest."""
    first = page_of(reader, he)
    assert len(grid_items(first)) == 24
    assert "Page 1 of 2" in grid(first)
    assert 'rel="next" href="?photos_page=2#photos"' in grid(first)
    second = page_of(reader, he, photos_page=2)
    assert [title for _, title in grid_items(second)] == ["图片稿24"]
    assert 'rel="prev" href="?photos_page=1#photos"' in grid(second)


def test_photo_page_links_keep_the_story_page(reader, he, twenty_five_photos):
    """Paging through photos leaves the reader on the page of stories they were on."""
    # Page 1: a later page of stories he does not have is a 404 (issue 9).
    page = page_of(reader, he, page=1, photos_page=1)
    assert 'href="?page=1&amp;photos_page=2#photos"' in grid(page)


@pytest.mark.parametrize("number", ["abc", "999", "-1", "0", ""])
def test_bad_photo_page_numbers_give_a_page_not_an_error(reader, he, number):
    """?photos_page= garbage or out of range shows the first or the last page."""
    used_in(PhotoFactory(credit_contributor=he), published=True, title="唯一的图片稿")
    assert [t for _, t in grid_items(page_of(reader, he, photos_page=number))] == ["唯一的图片稿"]


# --- Escaping and cost ------------------------------------------------------------------------


def test_hostile_caption_title_and_alt_are_shown_not_run(reader, he):
    """Markup in a caption, a story title and alt text reaches the page as text."""
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"'
    photo = PhotoFactory(credit_contributor=he, caption=f"图说{hostile}", alt_text=f"替代{hostile}")
    used_in(photo, published=True, title=f"标题{hostile}")
    page = grid(page_of(reader, he))
    assert "<script>" not in page
    assert "<img src=x" not in page
    assert html.escape(f"图说{hostile}") in page
    assert html.escape(f"标题{hostile}") in page
    assert f'alt="{html.escape(f"替代{hostile}")}"' in page


def test_query_count_does_not_grow_with_photos(reader, he):
    """A grid of 12 photos, each from its own story, costs as many queries as a grid of 1."""
    def count():
        with CaptureQueriesContext(connection) as queries:
            page = page_of(reader, he)
        return len(queries), len(grid_items(page))

    BylineFactory(article=ArticleFactory(published=True), contributor=he)
    used_in(PhotoFactory(credit_contributor=he), published=True)
    one, listed = count()
    assert listed == 1
    for _ in range(11):
        photo = PhotoFactory(credit_contributor=he, caption="")  # falls back to the library's
        used_in(photo, published=True)
        used_in(photo, title="草稿")
    twelve, listed = count()
    assert listed == 12
    assert twelve == one


# --- Credits as links -------------------------------------------------------------------------


def test_article_figure_credit_links_the_photographer(reader, he):
    """On the story page the credited name leads to the photographer's page, whose grid has it."""
    photo = PhotoFactory(credit_contributor=he, caption="头图。")
    article = used_in(photo, published=True, body="正文。")
    page = reader.get(article.get_absolute_url()).content.decode()
    figcaption = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S)[1]
    assert figcaption == (
        '<span class="caption">头图。</span> '
        '<span class="credit">记者<a href="/people/he-xiaogang/">何晓刚</a> 摄</span>'
    )
    assert grid_items(page_of(reader, he)) == [(article.get_absolute_url(), article.title)]


def test_a_credit_that_names_no_contributor_is_not_a_link(reader):
    """新华社发 is printed as it is: there is no page to link to."""
    photo = PhotoFactory(credit_name="新华社", credit_verb=CreditVerb.RELEASED, caption="通稿图。")
    article = used_in(photo, published=True, body="正文。")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert '<span class="credit">新华社发</span>' in page


def test_a_hostile_credited_name_is_shown_not_run(reader):
    """A contributor's name with markup prints as text inside its link."""
    villain = ContributorFactory(name='<b onmouseover="x">坏人</b>', slug="villain")
    article = used_in(PhotoFactory(credit_contributor=villain), published=True, body="正文。")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert '<b onmouseover' not in page
    name = "&lt;b onmouseover=&quot;x&quot;&gt;坏人&lt;/b&gt;"
    assert f'<a href="/people/villain/">{name}</a>' in page


# --- JSON-LD --------------------------------------------------------------------------------


def json_ld(page):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def big_photo(**fields):
    """A 1600×1200 photo, large enough for the 1280-wide rendition search engines get."""
    image = ContentFile(jpeg_bytes(1600, 1200, comment=repr(fields)), name="big.jpg")
    return PhotoFactory(image=image, **fields)


def test_json_ld_image_is_an_image_object_with_credit_and_creator(reader, he):
    """The lead photo is an ImageObject: rendition address and size, caption, credit, creator."""
    article = ArticleFactory(published=True, body="正文。")
    photo = big_photo(credit_contributor=he, credit_role=Role.REPORTER, caption="资料库说明。")
    ArticlePhotoFactory(article=article, photo=photo, is_lead=True, caption="余松做客直播间。")
    page = reader.get(article.get_absolute_url()).content.decode()
    [image] = json_ld(page)["image"]
    key = photo.rendition_key
    assert image == {
        "@type": "ImageObject",
        "url": f"http://testserver/media/renditions/{key[:2]}/{key}/full-1280.jpg",
        "width": 1280,
        "height": 960,
        "caption": "余松做客直播间。",
        "creditText": "记者何晓刚 摄",
        "creator": {
            "@type": "Person", "name": "何晓刚", "url": "http://testserver/people/he-xiaogang/",
        },
    }
    # The very file the page itself offers in its srcset, not the private original.
    assert f"/media/renditions/{key[:2]}/{key}/full-1280.jpg 1280w" in page


def test_json_ld_lists_the_lead_first_then_the_others_and_names_an_agency(reader, he):
    """Every photo of the story, lead first; 新华社发 is an Organization; no credit, no creator."""
    article = ArticleFactory(published=True, body="正文。")
    ArticlePhotoFactory(article=article, order=0, photo=PhotoFactory(
        credit_name="新华社", credit_verb=CreditVerb.RELEASED, caption="通稿图。"))
    ArticlePhotoFactory(article=article, order=1, photo=PhotoFactory(caption="无署名。"))
    ArticlePhotoFactory(article=article, order=2, is_lead=True,
                        photo=PhotoFactory(credit_contributor=he, caption="头图。"))
    images = json_ld(reader.get(article.get_absolute_url()).content.decode())["image"]
    assert [image["caption"] for image in images] == ["头图。", "通稿图。", "无署名。"]
    assert images[1]["creditText"] == "新华社发"
    assert images[1]["creator"] == {"@type": "Organization", "name": "新华社"}
    assert "creditText" not in images[2] and "creator" not in images[2]


@pytest.mark.parametrize("fields, creator", [
    ({"credit_name": "视觉中国", "credit_verb": CreditVerb.NONE},
     {"@type": "Organization", "name": "视觉中国"}),
    ({"credit_name": "张三", "credit_role": Role.CORRESPONDENT},
     {"@type": "Person", "name": "张三"}),
    ({"credit_organisation": "新华社", "credit_verb": CreditVerb.RELEASED},
     {"@type": "Organization", "name": "新华社"}),
    ({"credit_name": "受访者", "credit_verb": CreditVerb.PROVIDED}, None),
    ({"credit_name": "长江日报", "credit_verb": CreditVerb.FILE}, None),
    ({}, None),
])
def test_photo_creator_says_nothing_rather_than_guess(fields, creator):
    """Agencies are Organizations, named people Persons; 受访者供图 could be either: none."""
    photo = PhotoFactory.build(**fields)
    assert photo_creator(photo, RequestFactory().get("/")) == creator
