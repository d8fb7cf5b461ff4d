"""Related stories and the section's previous/next on the article page (issue 9, item 2)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.related import related_stories, section_neighbours

from .factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def titles(stories):
    return [story.title for story in stories]


def related_block(page):
    match = re.search(r'<aside class="related".*?</aside>', page, re.S)
    return match[0] if match else ""


# --- Related stories ----------------------------------------------------------------------


def test_more_shared_tags_first_then_same_section_then_newest():
    """Two shared tags beat one; any shared tag beats only the section; newer first within each."""
    city, sport = SectionFactory(slug="city"), SectionFactory(slug="sport")
    story = ArticleFactory(published=True, section=city, tags=["地铁", "武昌", "交通"])
    ArticleFactory(published=True, section=sport, title="一个标签旧", tags=["地铁"],
                   publish_at=ago(50))
    ArticleFactory(published=True, section=sport, title="两个标签", tags=["地铁", "武昌"],
                   publish_at=ago(40))
    ArticleFactory(published=True, section=sport, title="一个标签新", tags=["交通"],
                   publish_at=ago(2))
    ArticleFactory(published=True, section=city, title="同栏目旧", publish_at=ago(30))
    ArticleFactory(published=True, section=city, title="同栏目新", publish_at=ago(3))
    ArticleFactory(published=True, section=sport, title="无关", tags=["足球"])

    assert titles(related_stories(story)) == [
        "两个标签", "一个标签新", "一个标签旧", "同栏目新", "同栏目旧",
    ]


def test_a_shared_tag_in_the_same_section_beats_one_elsewhere():
    """With as many shared tags, the story of the same section comes first."""
    city, sport = SectionFactory(slug="city"), SectionFactory(slug="sport")
    story = ArticleFactory(published=True, section=city, tags=["地铁"])
    ArticleFactory(published=True, section=sport, title="别的栏目", tags=["地铁"],
                   publish_at=ago(1))
    ArticleFactory(published=True, section=city, title="本栏目", tags=["地铁"],
                   publish_at=ago(9))
    assert titles(related_stories(story)) == ["本栏目", "别的栏目"]


def test_never_the_story_itself_and_only_public_stories():
    """Drafts, stories in review, scheduled and withdrawn stories are never offered, nor the
    story itself."""
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=["地铁"])
    for state in ({}, {"submitted": True}, {"scheduled": True}, {"withdrawn": True}):
        ArticleFactory(section=section, tags=["地铁"], title=f"不公开{len(state)}", **state)
    public = ArticleFactory(published=True, section=section, tags=["地铁"], title="公开")
    assert titles(related_stories(story)) == [public.title]


def test_at_most_six_and_none_without_tags_or_section_mates():
    """Six at most; a story alone in its section with no shared tag has none."""
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=["地铁"])
    ArticleFactory.create_batch(9, published=True, section=section, tags=["地铁"])
    assert len(related_stories(story)) == 6

    lonely = ArticleFactory(published=True, section=SectionFactory(), tags=["孤独"])
    assert related_stories(lonely) == []


def test_section_mates_without_shared_tags_are_the_newest_ones():
    """When the section fills the list, it is with its newest public stories."""
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, publish_at=ago(1))
    stories = [ArticleFactory(published=True, section=section, publish_at=ago(10 + n))
               for n in range(10)]
    assert titles(related_stories(story)) == titles(stories[:6])


def test_page_lists_related_headlines_linked_in_the_story_language(reader):
    """The reader sees a "Related stories" list of linked headlines marked as Chinese."""
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=["地铁"])
    other = ArticleFactory(published=True, section=section, tags=["地铁"], title="地铁新线开通")
    block = related_block(reader.get(story.get_absolute_url()).content.decode())
    assert "Related stories" in block
    assert f'<a href="{other.get_absolute_url()}" lang="zh-Hans">地铁新线开通</a>' in block


def test_page_without_related_stories_prints_no_empty_block(reader):
    """No related story, no heading."""
    story = ArticleFactory(published=True, section=SectionFactory())
    assert related_block(reader.get(story.get_absolute_url()).content.decode()) == ""


# --- Previous and next --------------------------------------------------------------------


def test_previous_and_next_are_the_section_neighbours_by_publication_time():
    """Just before and just after in the same section; other sections and hidden stories skipped."""
    section, elsewhere = SectionFactory(slug="city"), SectionFactory(slug="sport")
    ArticleFactory(published=True, section=section, title="更早", publish_at=ago(30))
    before = ArticleFactory(published=True, section=section, title="之前", publish_at=ago(20))
    ArticleFactory(published=True, section=elsewhere, title="别的栏目之前", publish_at=ago(15))
    ArticleFactory(submitted=True, section=section, title="审稿中")
    story = ArticleFactory(published=True, section=section, publish_at=ago(10))
    ArticleFactory(scheduled=True, section=section, title="定时")
    after = ArticleFactory(published=True, section=section, title="之后", publish_at=ago(5))
    ArticleFactory(published=True, section=section, title="更晚", publish_at=ago(1))

    neighbours = section_neighbours(story)
    assert (neighbours.previous, neighbours.next) == (before, after)


def test_same_publication_time_is_ordered_by_id():
    """Stories published the same second follow each other by id, none skipped or repeated."""
    section = SectionFactory()
    moment = ago(3)
    first, middle, last = (ArticleFactory(published=True, section=section, publish_at=moment)
                           for _ in range(3))
    assert section_neighbours(middle).previous == first
    assert section_neighbours(middle).next == last
    assert section_neighbours(first).previous is None
    assert section_neighbours(last).next is None


def test_a_draft_has_no_neighbours():
    """A story without a publication time has no place in the section's order."""
    section = SectionFactory()
    ArticleFactory(published=True, section=section, publish_at=ago(5))
    neighbours = section_neighbours(ArticleFactory(section=section))
    assert neighbours.previous is None and neighbours.next is None


def test_page_links_previous_and_next_with_their_headlines(reader):
    """A labelled navigation with "Previous story" and "Next story" and the headlines."""
    section = SectionFactory()
    ArticleFactory(published=True, section=section, title="前一篇稿件", publish_at=ago(20))
    story = ArticleFactory(published=True, section=section, publish_at=ago(10))
    after = ArticleFactory(published=True, section=section, title="后一篇稿件", publish_at=ago(5))
    page = reader.get(story.get_absolute_url()).content.decode()
    nav = re.search(r'<nav class="prev-next" aria-label="More in this section">.*?</nav>',
                    page, re.S)[0]
    assert "Previous story" in nav and "前一篇稿件" in nav
    assert "Next story" in nav and f'href="{after.get_absolute_url()}"' in nav


def test_the_newest_story_alone_has_no_navigation(reader):
    """Alone in its section: no previous/next block at all."""
    story = ArticleFactory(published=True, section=SectionFactory())
    assert 'class="prev-next"' not in reader.get(story.get_absolute_url()).content.decode()


# --- Cost ---------------------------------------------------------------------------------


def page_queries(client, article):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_tags_or_related_stories(reader):
    """One tag and one related story cost as many queries as 50 tags and 50 related stories
    (six shown), with neighbours on both sides."""
    small_section, big_section = SectionFactory(slug="small"), SectionFactory(slug="big")
    small = ArticleFactory(published=True, section=small_section, tags=["一"], publish_at=ago(5))
    ArticleFactory(published=True, section=small_section, tags=["一"], publish_at=ago(9))

    tags = [f"标签{n}" for n in range(50)]
    big = ArticleFactory(published=True, section=big_section, tags=tags, publish_at=ago(25))
    for n in range(50):
        ArticleFactory(published=True, section=big_section, tags=tags[: n + 1],
                       publish_at=ago(n))

    assert len(related_stories(small)) == 1 and len(related_stories(big)) == 6
    assert page_queries(reader, small) == page_queries(reader, big)


def test_related_and_neighbours_are_one_query_each():
    """Related stories: one query however many tags; previous/next: one query."""
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=[f"标签{n}" for n in range(20)])
    ArticleFactory.create_batch(8, published=True, section=section, tags=["标签1", "标签2"])
    story = type(story).objects.prefetch_related("tags").get(pk=story.pk)
    list(story.tags.all())
    with CaptureQueriesContext(connection) as queries:
        related = related_stories(story)
        [item.section.name for item in related]
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        section_neighbours(story)
    assert len(queries) == 1


def test_staff_preview_of_a_draft_offers_public_related_stories():
    """A draft seen by staff lists public stories only, and no previous/next."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="desk")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    section = SectionFactory()
    ArticleFactory(section=section, tags=["地铁"], title="另一篇草稿")
    ArticleFactory(published=True, section=section, tags=["地铁"], title="已发布的稿件")
    draft = ArticleFactory(section=section, tags=["地铁"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "已发布的稿件" in related_block(page)
    assert "另一篇草稿" not in page
    assert 'class="prev-next"' not in page
