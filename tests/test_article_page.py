"""The article page at /a/<short_id>/: what a reader sees, who may see it, what it costs."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import CreditVerb, Role
from articles.qrcodes import qr_svg

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    CorrectionFactory,
    FactBoxFactory,
    PhotoFactory,
    SectionFactory,
    UserFactory,
)
from .pages import article_element, assert_in_order, visible_text

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TITLE = "市人大代表、武昌区委书记余松做客两会直播间:以“闯关”精神加快产业转型升级"
SUMMARY = (
    "新年伊始,位于武昌区徐东大街商务楼宇匠心城的武汉微思敦网络技术有限公司,"
    "员工们正为刚中标的多个知名公司的品牌推广项目奋力工作。"
)
SUBHEADS = [
    "130多家数字经济核心企业聚集",
    "一年招引200多家涉碳机构企业",
    "打造更加宜居韧性智慧的现代城区",
]
FIRST_CAPTION = "武汉市人大代表、武昌区委书记余松(左)做客长江日报两会直播间。"
FACT_ITEM = "区域经济总量突破1900亿元,迈向2000亿元,居中心城区第一。"
CORRECTION = "本文此前将碳汇大厦所在道路误写,现已更正。"
REPOST_NOTICE = "本文转载自互联网,如有侵权,联系删除。"
ORIGINAL_URL = "https://news.example.org/wuchang/2024-01-20.html"


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def json_ld(page):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def sample_story():
    """A story shaped like seed/wuchang-2024-01-20.txt, built from factories."""
    reporter_he = ContributorFactory(name="何晓刚", slug="he-xiaogang")
    photos = [
        PhotoFactory(
            caption=FIRST_CAPTION,
            alt_text="余松在直播间接受访谈",
            credit_contributor=reporter_he,
            credit_role=Role.REPORTER,
            credit_verb=CreditVerb.TOOK,
        ),
        PhotoFactory(caption="武昌滨江数创走廊。", alt_text="江边的写字楼群"),
        PhotoFactory(caption="碳汇大厦。", alt_text="碳汇大厦外景"),
        PhotoFactory(caption="昙华林历史文化街区", alt_text="街区里的游客"),
    ]
    body = f"""新年伊始,位于武昌区徐东大街商务楼宇匠心城的武汉微思敦公司,员工们正奋力工作。

[photo:{photos[0].pk}]

1月19日,市人大代表、武昌区委书记余松做客长江日报“两会直播间”。

## {SUBHEADS[0]}

[photo:{photos[1].pk}]

余松说:“2024年,我们将着力推动数字经济和实体经济深度融合。”

## {SUBHEADS[1]}

[photo:{photos[2].pk}]

位于武昌区中北路上的碳汇大厦是全国首个“双碳”产业特色楼宇。

## {SUBHEADS[2]}

[photo:{photos[3].pk}]

今年元旦假期,昙华林历史文化街区人气火爆。
"""
    article = ArticleFactory(
        published=True,
        publish_at=datetime(2024, 1, 20, 14, 30, tzinfo=SHANGHAI),
        title=TITLE,
        summary=SUMMARY,
        body=body,
        section=SectionFactory(name="武汉", slug="wuhan"),
        source_name="斑马头条武汉",
        source_url=ORIGINAL_URL,
        original_author="杨蔚 覃柳玮",
        original_title=TITLE,
        repost_notice=REPOST_NOTICE,
        responsible_editor=ContributorFactory(name="赵可", slug="zhao-ke",
                                              default_role=Role.EDITOR),
        view_count=1430,
        tags=["数字经济", "双碳"],
    )
    for index, photo in enumerate(photos):
        ArticlePhotoFactory(article=article, photo=photo, order=index, is_lead=index == 0)
    for order, (name, slug, organisation, role) in enumerate([
        ("杨蔚", "yang-wei", "长江日报", Role.REPORTER),
        ("覃柳玮", "qin-liuwei", "长江日报", Role.REPORTER),
        ("吴迪", "wu-di", "", Role.CORRESPONDENT),
        ("刘方舟", "liu-fangzhou", "", Role.CORRESPONDENT),
    ]):
        contributor = ContributorFactory(name=name, slug=slug, organisation=organisation)
        BylineFactory(article=article, contributor=contributor, role=role, order=order)
    FactBoxFactory(
        article=article,
        title="数读【武昌区】",
        period="2023年",
        items=f"●{FACT_ITEM}\n●服务业增加值突破1700亿元,居全市第一。",
    )
    CorrectionFactory(
        article=article, text=CORRECTION, published_at=datetime(2024, 1, 21, 9, 0, tzinfo=SHANGHAI)
    )
    return article


# --- What the reader sees ---------------------------------------------------------------


def test_sample_story_prints_every_part_in_document_order(reader):
    """Headline, meta, dek, contents, figures, fact box, credits and notices, in print order."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    assert_in_order(
        visible_text(article_element(page)),
        [
            TITLE,
            "斑马头条武汉",
            "2024-01-20 14:30",
            "1430",
            SUMMARY,
            *SUBHEADS,
            FIRST_CAPTION,
            "记者何晓刚 摄",
            "数读【武昌区】",
            "2023年",
            FACT_ITEM,
            "长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟",
            "【编辑:赵可】",
            "2024-01-21",
            CORRECTION,
            REPOST_NOTICE,
        ],
    )


def test_first_figure_has_caption_and_credit_in_its_figcaption(reader):
    """The photo's caption and its credit (记者何晓刚 摄, name linked) are in the <figcaption>."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert FIRST_CAPTION in captions[0]
    credit = '<span class="credit">记者<a href="/people/he-xiaogang/">何晓刚</a> 摄</span>'
    assert credit in captions[0]
    assert [c for c in captions if "碳汇大厦。" in c], "the third photo has its caption"
    # Captions without a credit print no credit at all.
    assert "credit" not in next(c for c in captions if "碳汇大厦。" in c)


def test_photo_is_an_img_with_size_alt_text_and_lazy_loading(reader):
    """Body photos carry width, height and alt text, and load lazily."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    photo = article.article_photos.get(order=1).photo
    renditions = f"/media/renditions/{photo.rendition_key[:2]}/{photo.rendition_key}/"
    img = re.search(rf'<img src="{re.escape(renditions)}full-\d+\.jpg"[^>]*>', page)[0]
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', img).groups())
    assert abs(width / height - photo.width / photo.height) < 0.01
    assert 'alt="江边的写字楼群"' in img
    assert 'loading="lazy"' in img


def test_header_parts_use_semantic_elements(reader):
    """One h1, a <time> with a machine-readable date, a labelled contents nav, a fact-box aside."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    assert page.count("<h1") == 1
    assert '<time datetime="2024-01-20T14:30:00+08:00">2024-01-20 14:30</time>' in page
    assert '<nav class="toc" aria-label="Table of contents">' in page
    for anchor, subhead in zip(["s1", "s2", "s3"], SUBHEADS, strict=True):
        assert f'<a href="#{anchor}">{subhead}</a>' in page
        assert f'<h2 id="{anchor}">{subhead}</h2>' in page
    assert re.search(r'<aside class="fact-box"[^>]*>\s*<h2[^>]*>数读【武昌区】</h2>', page)
    assert "<footer class=\"story-footer\">" in page


def test_kicker_and_subtitle_frame_the_headline(reader):
    """引题 above the headline and 副题 below it, when the story has them."""
    article = ArticleFactory(published=True, kicker="两会直播间", subtitle="武昌加快产业转型升级")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert_in_order(page, ['class="kicker">两会直播间', f"<h1>{article.title}</h1>",
                           'class="subtitle">武昌加快产业转型升级'])


def test_byline_names_link_to_their_profiles(reader):
    """Each credited name in the byline leads to the person's page."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    byline = re.search(r'<p class="byline">(.*?)</p>', page, re.S)[1]
    assert '长江日报记者<a href="/people/yang-wei/">杨蔚</a>' in byline
    assert '通讯员<a href="/people/wu-di/">吴迪</a>' in byline


def test_repost_block_names_the_original_with_a_nofollow_link(reader):
    """A repost shows its source, original author and title, and links out with nofollow."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    repost = re.search(r'<section class="repost".*?</section>', page, re.S)[0]
    assert_in_order(visible_text(repost), ["斑马头条武汉", "杨蔚 覃柳玮", TITLE, ORIGINAL_URL,
                                           REPOST_NOTICE])
    assert f'<a href="{ORIGINAL_URL}" rel="nofollow noopener">' in repost


def test_own_story_has_no_repost_block_and_no_editor_line(reader):
    """A story of our own prints no repost notice; no editor set means no 【编辑】 line."""
    article = ArticleFactory(published=True)
    page = reader.get(article.get_absolute_url()).content.decode()
    assert 'class="repost"' not in page
    assert "【编辑" not in page
    assert "Source:" not in page


def test_tags_link_to_tag_pages(reader):
    """Tags, Chinese ones included, link to their tag pages, which list the story."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    link = re.search(r'<a href="([^"]+)" rel="tag">数字经济</a>', page)
    assert link
    tag_page = reader.get(link[1])
    assert tag_page.status_code == 200
    assert TITLE in tag_page.content.decode()


def test_lead_photo_opens_the_body_when_the_body_does_not_place_it(reader):
    """A lead photo not placed with [photo:ID] is shown once, before the first paragraph."""
    article = ArticleFactory(published=True, body="第一段。\n\n第二段。")
    ArticlePhotoFactory(article=article, is_lead=True, photo=PhotoFactory(caption="头图说明。"))
    page = article_element(reader.get(article.get_absolute_url()).content.decode())
    # Counted in the story as readers see it: the JSON-LD repeats captions for search engines.
    assert page.count("头图说明。") == 1
    assert_in_order(page, ['<div class="story-body" lang="zh-Hans">', "头图说明。", "第一段。"])


def test_lead_photo_placed_by_the_body_is_not_repeated(reader):
    """When the body places the lead photo itself, it appears only there."""
    article = sample_story()
    page = article_element(reader.get(article.get_absolute_url()).content.decode())
    # Counted in the story as readers see it: the JSON-LD repeats captions for search engines.
    assert page.count(FIRST_CAPTION) == 1
    assert_in_order(page, ["员工们正奋力工作。", FIRST_CAPTION])


def test_attached_photos_the_body_never_places_follow_the_body(reader):
    """Nothing attached is lost: unplaced photos are figures after the text, before the fact box."""
    article = ArticleFactory(published=True, body="正文。")
    ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="未放置的图片。"))
    FactBoxFactory(article=article, title="数读")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert_in_order(page, ["正文。", "<figure", "未放置的图片。", 'class="fact-box"'])


def test_unknown_photo_reference_renders_nothing(reader):
    """[photo:ID] for a photo this story does not have leaves no trace."""
    other = PhotoFactory(caption="别的稿子的图片。")
    article = ArticleFactory(published=True, body=f"第一段。\n\n[photo:{other.pk}]\n\n第二段。")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "别的稿子的图片。" not in page
    assert "<figure" not in page.replace('<figure class="qr">', "")
    assert_in_order(page, ["第一段。", "第二段。"])


def test_qr_code_is_inline_svg_of_the_articles_address(reader):
    """The QR code is drawn on the server for this page's full address and labelled."""
    article = ArticleFactory(published=True)
    page = reader.get(article.get_absolute_url()).content.decode()
    qr = re.search(r'<figure class="qr">(.*?)</figure>', page, re.S)[1]
    assert re.search(r'<svg[^>]* role="img" aria-label="QR code[^"]*"', qr)
    address = f"http://testserver/a/{article.short_id}/"
    expected_path = re.search(r' d="([^"]+)"', qr_svg(address, "x"))[1]
    assert expected_path in qr
    assert re.search(r' d="([^"]+)"', qr_svg(address + "x", "x"))[1] not in qr
    assert "Scan to read on your phone" in qr


# --- The page's head ---------------------------------------------------------------------


def test_head_has_title_description_and_open_graph(reader):
    """<title>, meta description from the summary, og:* and the language of the page."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    lead = article.article_photos.get(is_lead=True).photo
    assert f"<title>{TITLE} - " in page
    assert f'<meta name="description" content="{SUMMARY[:159]}' in page
    assert '<meta property="og:type" content="article">' in page
    assert f'<meta property="og:title" content="{TITLE}">' in page
    assert (f'<meta property="og:url" content="http://testserver/a/{article.short_id}/">'
            in page)
    assert re.search(
        rf'<meta property="og:image" content="http://testserver/media/renditions/\w\w/'
        rf'{lead.rendition_key}/full-\d+\.jpg">', page
    )
    assert '<html lang="en">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_canonical_of_a_repost_is_its_original(reader):
    """Search engines are sent to the original of a reposted story."""
    article = sample_story()
    page = reader.get(article.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{ORIGINAL_URL}">' in page


def test_canonical_of_an_own_story_is_its_own_address(reader):
    """A story of ours is its own canonical page, and has no og:image without a lead photo."""
    article = ArticleFactory(published=True)
    page = reader.get(article.get_absolute_url()).content.decode()
    assert (f'<link rel="canonical" href="http://testserver/a/{article.short_id}/">'
            in page)
    assert "og:image" not in page


def test_json_ld_describes_a_news_article(reader):
    """schema.org NewsArticle with headline, dates, authors, image and section."""
    article = sample_story()
    data = json_ld(reader.get(article.get_absolute_url()).content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == TITLE
    assert data["datePublished"] == "2024-01-20T06:30:00+00:00"
    assert [a["name"] for a in data["author"]] == ["杨蔚", "覃柳玮", "吴迪", "刘方舟"]
    assert data["image"][0]["url"].startswith("http://testserver/media/renditions/")
    assert data["articleSection"] == "武汉"
    assert sorted(data["keywords"]) == ["双碳", "数字经济"]
    assert data["isBasedOn"] == ORIGINAL_URL


# --- Escaping -----------------------------------------------------------------------------


def test_html_in_body_and_title_is_shown_not_run(reader):
    """A body with <script> and a title with </script> are escaped on the page and in JSON-LD."""
    title = '标题</script><script>alert("t")</script>'
    article = ArticleFactory(
        published=True, title=title, summary="导语<b>粗</b>",
        body="正文<script>alert(1)</script>\n\n## 小标题<img src=x onerror=alert(2)>",
    )
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>粗</b>" not in page
    assert "正文&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "标题&lt;/script&gt;" in page
    assert json_ld(page)["headline"] == title


def test_hostile_original_url_is_not_a_link(reader):
    """A stored javascript: address (never valid in the form) is not turned into a link."""
    article = ArticleFactory(published=True, source_name="某网站",
                             source_url="javascript:alert(1)")
    page = reader.get(article.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in page
    assert f'<link rel="canonical" href="http://testserver/a/{article.short_id}/">' in page


# --- Who may see it -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        {"status": "draft"},
        {"status": "submitted", "publish_at": timezone.now() - timedelta(days=1)},
        {"status": "withdrawn", "publish_at": timezone.now() + timedelta(days=1),
         "withdrawn_at": timezone.now()},
        {"scheduled": True},
    ],
    ids=["draft", "submitted", "withdrawn-before-publication", "scheduled"],
)
def test_stories_that_are_not_public_are_404_for_readers(reader, state):
    """Drafts, stories in review, scheduled ones and those withdrawn before their time do
    not exist for readers (a story withdrawn after publication is a 410: test_body_rendering)."""
    article = ArticleFactory(**state)
    response = reader.get(article.get_absolute_url())
    assert response.status_code == 404
    assert article.title not in response.content.decode()
    assert "Page not found" in response.content.decode()


def test_published_story_is_shown_to_readers(reader):
    """A story published in the past is a normal, cacheable page without a preview banner."""
    article = ArticleFactory(published=True)
    response = reader.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f"<h1>{article.title}</h1>" in response.content.decode()
    assert "preview-banner" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.fixture
def previewer():
    """A desk member allowed to view articles in any state."""
    user = UserFactory(username="desk")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.mark.parametrize("state", [{"status": "draft"}, {"scheduled": True}])
def test_staff_preview_of_a_hidden_story_is_marked_and_never_cached(previewer, state):
    """Staff see drafts and scheduled stories with a banner, noindex and never-cache headers."""
    article = ArticleFactory(**state)
    response = previewer.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{article.title}</h1>" in page
    assert "This story is not public" in visible_text(page)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "must-revalidate", "private"):
        assert directive in cache_control


def test_staff_see_a_public_story_without_the_preview_banner(previewer):
    """A story that is already public is no preview, even for staff."""
    article = ArticleFactory(published=True)
    page = previewer.get(article.get_absolute_url()).content.decode()
    assert "preview-banner" not in page


def test_staff_without_the_view_permission_get_404_for_a_draft():
    """Being staff is not enough: previewing needs the articles.view_article permission."""
    client = Client()
    client.force_login(UserFactory(username="no-perms"))
    assert client.get(ArticleFactory().get_absolute_url()).status_code == 404


def test_the_view_permission_without_staff_status_is_not_enough():
    """A reader account that somehow holds the permission is still a reader."""
    user = UserFactory(username="reader-with-perm", is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(user)
    assert client.get(ArticleFactory().get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", ["/a/XYZ/", "/a/41c86c4/", "/a/41c86c4eff/", "/a/41C86C4E/"])
def test_malformed_short_ids_are_404(reader, path):
    """Anything but eight lower-case hex characters is not an article address."""
    ArticleFactory(published=True)
    assert reader.get(path).status_code == 404


def test_unknown_well_formed_id_is_404(reader):
    """A well-formed id that no story has is 404."""
    ArticleFactory(published=True)
    assert reader.get("/a/0123abcd/").status_code == 404


# --- Cost ---------------------------------------------------------------------------------


def page_queries(client, article):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_photos_bylines_tags_or_fact_boxes(reader):
    """One photo, byline and tag cost as many queries as 8 photos, 6 bylines, 10 tags, 2 boxes."""
    small = ArticleFactory(published=True, tags=["一"])
    ArticlePhotoFactory(article=small, is_lead=True)
    BylineFactory(article=small)

    photographer = ContributorFactory(default_role=Role.PHOTOGRAPHER)
    big = ArticleFactory(published=True, tags=[f"标签{n}" for n in range(10)],
                         responsible_editor=ContributorFactory(default_role=Role.EDITOR))
    photos = [PhotoFactory(credit_contributor=photographer) for _ in range(8)]
    big.body = "\n\n".join(f"段落{n}。\n\n[photo:{p.pk}]\n\n## 小标题{n}" for n, p in
                           enumerate(photos[:5]))
    big.save()
    for order, photo in enumerate(photos):
        ArticlePhotoFactory(article=big, photo=photo, order=order, is_lead=order == 0)
    for _ in range(6):
        BylineFactory(article=big)
    FactBoxFactory.create_batch(2, article=big)
    CorrectionFactory.create_batch(2, article=big)

    assert page_queries(reader, small) == page_queries(reader, big)
    assert page_queries(reader, big) <= 10
