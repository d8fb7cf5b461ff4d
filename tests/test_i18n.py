"""The interface speaks Simplified Chinese by default and English when asked.

The catalogue (locale/zh_Hans) is checked with the standard library only: every
msgid has a translation, none is fuzzy, placeholders survive, and the committed
.mo says what the .po says (a fresh machine may have no msgfmt to rebuild it).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .factories import ArticleFactory, SectionFactory, UserFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%[sdif]|\{\w*\}")


@pytest.fixture
def story():
    """A published story with a subhead (so a table of contents) and a repost source."""
    return ArticleFactory(
        published=True,
        title="武昌区加快产业转型升级",
        section=SectionFactory(name="要闻", slug="news"),
        source_name="长江日报",
        original_author="杨蔚",
    )


@pytest.fixture
def chief():
    """A superuser, as the chief editor logs in."""
    return UserFactory(username="chief", is_superuser=True)


# --- Reader site ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_page_is_chinese_without_accept_language(story):
    """A browser that states no language gets the Chinese page, labels and all."""
    page = Client().get(story.get_absolute_url()).content.decode()
    assert '<html lang="zh-hans">' in page
    assert ">目录</h2>" in page
    assert "来源：" in page
    assert "<dt>原作者</dt>" in page
    assert "扫描二维码手机访问" in page
    assert "阅读 0" in page
    for english in ("Contents", "Source:", "Scan to read on your phone", "Skip to content"):
        assert english not in page


@pytest.mark.django_db
def test_article_page_is_english_when_the_browser_asks(story):
    """Accept-Language: en gives the English labels; the story itself stays Chinese."""
    page = Client(headers={"accept-language": "en"}).get(story.get_absolute_url())
    page = page.content.decode()
    assert '<html lang="en">' in page
    assert ">Contents</h2>" in page
    assert "Source:" in page
    assert "<dt>Original author</dt>" in page
    assert "Scan to read on your phone" in page
    assert "0 views" in page
    assert "武昌区加快产业转型升级" in page
    assert "目录" not in page


@pytest.mark.django_db
def test_home_page_chrome_is_chinese():
    """The front page's heading, empty state and footer are in Chinese."""
    page = Client().get("/").content.decode()
    assert '<h1 class="front-hidden">新闻编辑台：首页</h1>' in page
    assert "暂无文章。" in page
    assert "跳到正文" in page
    assert '<nav class="language-links" aria-label="语言">' in page


@pytest.mark.django_db
def test_missing_page_says_so_in_chinese():
    """A 404 tells the reader in Chinese and offers the way home."""
    response = Client().get("/a/00000000/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page
    assert "返回首页" in page


@pytest.mark.django_db
def test_language_switch_makes_the_next_page_english(story):
    """The footer's English link opens the same story in English, and the reader's next
    pages stay English through the address alone (no cookie is set)."""
    client = Client()
    url = story.get_absolute_url()
    page = client.get(url).content.decode()
    assert "目录" in page
    english_link = re.search(r'<a href="([^"]+)" lang="en" hreflang="en">English</a>', page)[1]
    assert english_link == f"/en{url}"

    response = client.get(english_link)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert ">Contents</h2>" in page
    assert "目录" not in page
    assert 'href="/en/section/news/"' in page
    assert not response.cookies

    chinese_link = re.search(r'<a href="([^"]+)" lang="zh-Hans" hreflang="zh-Hans">', page)[1]
    assert ">目录</h2>" in client.get(chinese_link).content.decode()


# --- Admin ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_login_page_is_chinese():
    """The login page shows the desk's name and Django's own Chinese labels."""
    page = Client().get("/admin/login/").content.decode()
    assert "新闻编辑台" in page
    assert "用户名" in page
    assert "密码" in page
    assert "Username" not in page


@pytest.mark.django_db
def test_admin_article_changelist_is_chinese(chief, story):
    """Stories are 稿件 in the admin; columns, filters and actions are Chinese."""
    client = Client()
    client.force_login(chief)
    page = client.get("/admin/articles/article/").content.decode()
    assert "选择 稿件 来修改" in page  # Django's own sentence around our plural name
    assert "编辑部" in page  # the app, in the breadcrumbs
    for label in ("标题", "栏目", "状态", "发布时间", "署名", "阅读"):
        assert label in page
    assert "已发布" in page  # the story's status and the status filter
    assert "提交审核" in page and "撤稿" in page and "退回草稿" in page
    assert "Select article to change" not in page


@pytest.mark.django_db
def test_admin_article_change_form_is_chinese(chief, story):
    """The story editor labels every part in newsroom Chinese."""
    client = Client()
    client.force_login(chief)
    page = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    for label in ("引题", "副题", "导语", "正文", "责任编辑", "转载声明", "原文链接",
                  "稿件图片", "资料框", "更正", "流程记录", "保存,然后撤稿"):
        assert label in page, label
    assert "状态: <strong>已发布</strong>" in page


@pytest.mark.django_db
def test_admin_is_english_when_asked(chief, story):
    """The same changelist in English for an editor whose browser asks for it."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(chief)
    page = client.get("/admin/articles/article/").content.decode()
    assert "Select article to change" in page
    assert "Submit for review" in page
    assert "稿件" not in page


# --- The catalogue --------------------------------------------------------------------------


def read_po(path):
    """The entries of a .po file: dicts with msgid, msgid_plural, msgstr list and flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and entry.get("msgid") is not None:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, int):
                entry["msgstr"][field] += value
            else:
                entry[field] += value
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value)
            index = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if index:
                field = int(index[1])
                entry["msgstr"][field] = value
            elif keyword == "msgstr":
                field = 0
                entry["msgstr"][0] = value
            else:
                field = keyword
                entry[field] = value
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = [e for e in read_po(CATALOGUE / "django.po") if e["msgid"]]
    assert len(entries) > 100, "the catalogue looks empty"
    return entries


def test_catalogue_header_is_for_simplified_chinese():
    """The header names the language and its single plural form."""
    header = next(e for e in read_po(CATALOGUE / "django.po") if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: zh_Hans\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"][0]


def test_every_message_is_translated_and_none_is_fuzzy(po_entries):
    """No msgid is left empty or fuzzy; a fuzzy one would show English to readers."""
    untranslated = [e["msgid"] for e in po_entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_their_placeholders(po_entries):
    """%(name)s, %d and {} survive translation, or formatting would fail at run time."""
    broken = [
        e["msgid"]
        for e in po_entries
        for text in e["msgstr"].values()
        if sorted(PLACEHOLDER.findall(text))
        != sorted(PLACEHOLDER.findall(e.get("msgid_plural") or e["msgid"]))
    ]
    assert broken == []


def test_compiled_catalogue_matches_the_po(po_entries):
    """The committed .mo holds every translation in the .po, so it was compiled after the
    last edit."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    stale = []
    for e in po_entries:
        if "msgid_plural" in e:
            got = translations.ngettext(e["msgid"], e["msgid_plural"], 1)
        elif "msgctxt" in e:
            got = translations.pgettext(e["msgctxt"], e["msgid"])
        else:
            got = translations.gettext(e["msgid"])
        if got != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert stale == []
    assert translations.info()["language"] == "zh_Hans"
