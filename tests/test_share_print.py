"""Share links, reading time, print and the story's own language on the article page
(issue 9, items 2 and 6)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from articles.sharing import reading_minutes, weibo_share_url
from articles.wordcount import count_words

from .factories import ArticleFactory, BylineFactory, ContributorFactory, FactBoxFactory
from .pages import visible_text

pytestmark = pytest.mark.django_db

TITLE = "武昌区“闯关”精神 & <加快> 转型?#升级"


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def page_of(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def share_block(page):
    return re.search(r'<section class="share".*?</section>', page, re.S)[0]


# --- Share ---------------------------------------------------------------------------------


def test_weibo_link_carries_the_address_and_headline_percent_encoded(reader):
    """Weibo's share page gets the story's absolute address and headline, each encoded so that
    &, ?, #, quotes and < > in a headline cannot break the link."""
    article = ArticleFactory(published=True, title=TITLE)
    page = page_of(reader, article)
    href = unescape(re.search(r'<a class="share-weibo" href="([^"]+)"', page)[1])
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://service.weibo.com/share/share.php")
    assert parse_qs(parts.query) == {
        "url": [f"http://testserver{article.get_absolute_url()}"], "title": [TITLE],
    }
    assert "#" not in parts.query and "<" not in href


def test_weibo_share_url_encodes_every_value():
    """The builder percent-encodes (no raw &, #, space or CJK left in the query)."""
    url = weibo_share_url("https://example.org/a/0123abcd/?x=1&y=2", "标题 & #1")
    query = urlsplit(url).query
    assert re.fullmatch(r"url=[A-Za-z0-9%._~+-]+&title=[A-Za-z0-9%._~+-]+", query)


def test_copy_link_has_a_visible_address_field_and_a_button_for_scripts(reader):
    """Without JavaScript the address is in a labelled read-only field; the copy button is
    hidden until share.js shows it; the script is on the page."""
    article = ArticleFactory(published=True)
    page = page_of(reader, article)
    block = share_block(page)
    address = f"http://testserver{article.get_absolute_url()}"
    assert '<label for="share-url">Link to this story</label>' in block
    assert re.search(
        rf'<input id="share-url" class="share-url" type="url" value="{re.escape(address)}" '
        r"readonly>", block)
    assert re.search(r'<button type="button" class="share-copy" data-copy="share-url" hidden',
                     block)
    assert 'role="status"' in block
    assert "/static/js/share.js" in page


def test_wechat_shares_through_the_qr_code(reader):
    """A WeChat entry leads to the QR code, captioned for scanning with WeChat."""
    article = ArticleFactory(published=True)
    block = share_block(page_of(reader, article))
    assert '<a class="share-wechat" href="#share-qr">' in block
    qr = re.search(r'<div id="share-qr".*?</figure>', block, re.S)[0]
    assert "<svg" in qr and "Scan with WeChat to share" in qr


def test_drafts_seen_by_staff_offer_no_share_links():
    """A story nobody else can open is not offered for sharing (the QR code stays for the desk's
    phones)."""
    from django.contrib.auth.models import Permission

    from .factories import UserFactory

    user = UserFactory(username="desk")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    block = share_block(page_of(client, ArticleFactory()))
    assert "share-weibo" not in block and "share-url" not in block
    assert 'class="qr"' in block


# --- Reading time --------------------------------------------------------------------------


def test_reading_time_is_in_the_story_meta(reader):
    """About N minutes at 400 characters a minute: 1000 characters make 3 minutes."""
    article = ArticleFactory(published=True, body="武" * 1000)
    meta = re.search(r'<p class="story-meta">.*?</p>', page_of(reader, article), re.S)[0]
    assert "About 3 minutes to read" in visible_text(meta)


def test_reading_time_of_the_rendered_body_matches_the_desks_count():
    """Counting the stored rendering gives the same minutes as the desk's count of the source:
    markup, subheads, quotes, lists and photo markers count nothing extra."""
    body = "\n\n".join([
        "第一段" + "文" * 390, "## 小标题", "> " + "引" * 300, "- 一项\n- 两项",
        "[photo:12]", "Some English words in a paragraph, 3.5 of them & more.",
        "[链接](https://example.org/很长的地址)" + "字" * 200,
    ])
    article = ArticleFactory(published=True, body=body)
    assert reading_minutes(article) == count_words(body).minutes == 3


def test_an_empty_body_prints_no_reading_time(reader):
    """No text, no "0 minutes"."""
    article = ArticleFactory(published=True, body="")
    assert "reading-time" not in page_of(reader, article)


# --- Print ---------------------------------------------------------------------------------


def test_the_page_carries_its_address_for_print(reader):
    """An element with the paper's name and the story's absolute address, shown only in print."""
    article = ArticleFactory(published=True)
    page = page_of(reader, article)
    line = re.search(r'<p class="print-url">(.*?)</p>', page, re.S)[1]
    assert f"http://testserver{article.get_absolute_url()}" in line
    assert "Read online:" in line


def print_rules():
    """The @media print rules of the article page additions' region of site.css."""
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    region = css.split("/* ==== article page additions")[1].split(
        "/* ==== end article page additions")[0]
    return region.split("@media print")[1]


def test_print_styles_hide_navigation_and_page_furniture():
    """Header, footer, share, related, previous/next, QR and contents are not printed; the
    address line is; text is black on white; photos are not split across pages."""
    rules = re.sub(r"\s+", " ", print_rules())
    hidden = re.search(r"([^{}]*)\{ display: none !important; \}", rules)[1]
    for selector in (".site-header", ".site-footer", ".share", ".related", ".prev-next", ".qr",
                     ".toc", ".skip-link"):
        assert selector in hidden
    assert re.search(r"\.print-url \{ display: block;", rules)
    assert "color: #000 !important" in rules and "background: #fff !important" in rules
    assert re.search(r"figure\.photo[^{]*\{ break-inside: avoid;", rules)
    for kept in ("figcaption", ".credit"):  # never hidden
        assert kept not in hidden


# --- The story's language ----------------------------------------------------------------


def test_story_text_keeps_its_language_under_english_menus(reader):
    """An English reader gets English interface text; the headline, summary, body, fact box,
    bylines, tags and related headlines are marked zh-Hans."""
    section_mate = ArticleFactory(published=True, tags=["地铁"], title="地铁新线")
    article = ArticleFactory(published=True, section=section_mate.section, tags=["地铁"],
                             kicker="两会直播间", subtitle="副题", summary="导语。")
    FactBoxFactory(article=article)
    BylineFactory(article=article, contributor=ContributorFactory(name="杨蔚"))
    page = page_of(reader, article)
    assert '<html lang="en">' in page
    lang = settings.NEWSDESK_CONTENT_LANGUAGE
    assert re.search(rf'<hgroup lang="{lang}">\s*<p class="kicker">两会直播间</p>\s*'
                     rf"<h1>{article.title}</h1>\s*<p class=\"subtitle\">副题</p>", page)
    assert f'<p class="dek" lang="{lang}">导语。</p>' in page
    assert f'<div class="story-body" lang="{lang}">' in page
    assert re.search(rf'<h2 class="toc-title">Contents</h2>\s*<ol lang="{lang}">', page)
    assert f'<aside class="fact-box" lang="{lang}"' in page
    assert re.search(rf'<div class="credits" lang="{lang}">\s*<p class="byline">', page)
    assert f'<li lang="{lang}"><a href="/tag/' in page
    assert f'lang="{lang}">地铁新线</a>' in page
    # ... while the interface around them is English.
    for label in ("Related stories", "Share", "Copy link", "Tags"):
        assert label in page
