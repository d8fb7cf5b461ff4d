"""Rules of articles.related that mutation testing found unguarded (issue 9, item 2): only the
tags a story shares count, and previous/next follow publication time, not the order stories
were entered in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.related import related_stories, section_neighbours

from .factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_only_shared_tags_count_not_a_storys_other_tags():
    """A story sharing two tags ranks above one sharing one tag, however many other tags that
    one carries."""
    city, sport = SectionFactory(slug="city"), SectionFactory(slug="sport")
    story = ArticleFactory(published=True, section=city, tags=["地铁", "武昌"])
    ArticleFactory(published=True, section=sport, title="两个共同标签", tags=["地铁", "武昌"],
                   publish_at=ago(9))
    ArticleFactory(published=True, section=sport, title="一个共同标签",
                   tags=["地铁", "足球", "篮球", "排球", "网球", "乒乓"], publish_at=ago(1))
    assert [s.title for s in related_stories(story)] == ["两个共同标签", "一个共同标签"]


def test_previous_and_next_follow_publication_time_not_entry_order():
    """Stories entered out of order (a backdated one, one scheduled earlier): previous is the
    one published just before, next the one just after, whatever their ids."""
    section = SectionFactory()
    newest = ArticleFactory(published=True, section=section, title="最新", publish_at=ago(1))
    before = ArticleFactory(published=True, section=section, title="之前", publish_at=ago(10))
    story = ArticleFactory(published=True, section=section, title="本篇", publish_at=ago(5))
    ArticleFactory(published=True, section=section, title="更早", publish_at=ago(20))
    after = ArticleFactory(published=True, section=section, title="之后", publish_at=ago(2))
    neighbours = section_neighbours(story)
    assert (neighbours.previous, neighbours.next) == (before, after)
    assert section_neighbours(newest).previous == after


def test_stories_of_one_second_link_to_their_direct_neighbours():
    """Published the same second, each story's previous and next are the ones next to it by id,
    not the first or last of the group."""
    section = SectionFactory()
    moment = ago(3)
    first, second, third, fourth = (
        ArticleFactory(published=True, section=section, publish_at=moment) for _ in range(4))
    assert section_neighbours(fourth).previous == third
    assert section_neighbours(third).previous == second
    assert section_neighbours(first).next == second
    assert section_neighbours(second).next == third


def test_section_mates_of_one_second_are_offered_latest_entered_first():
    """Ten section mates published the same second: the six entered last, latest first, a fixed
    list that does not change from one page load to the next."""
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, publish_at=ago(5))
    moment = ago(3)
    mates = [ArticleFactory(published=True, section=section, publish_at=moment)
             for _ in range(10)]
    assert related_stories(story) == mates[:3:-1]
