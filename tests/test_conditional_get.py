"""Unchanged pages and feeds are revalidated with 304 Not Modified, without a body."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client(headers={"accept-language": "zh-hans"})


@pytest.mark.parametrize("path", ["/", "/search/", "/feed/", "/sitemap.xml", "/robots.txt"])
def test_an_unchanged_answer_is_not_sent_again(reader, path):
    """The ETag of an answer, sent back, gets 304 and no body; a stale one gets the page."""
    ArticleFactory(published=True, title="武昌新闻")
    first = reader.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = reader.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    stale = reader.get(path, headers={"if-none-match": '"stale"'})
    assert stale.status_code == 200


def test_a_feed_unchanged_since_its_newest_story_is_not_sent_again(reader):
    """A feed reader asking If-Modified-Since the feed's Last-Modified gets 304."""
    ArticleFactory(published=True, title="武昌新闻", publish_at=timezone.now() - timedelta(hours=1))
    first = reader.get("/feed/")
    since = first["Last-Modified"]
    assert reader.get("/feed/", headers={"if-modified-since": since}).status_code == 304
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        ArticleFactory(published=True, title="更新的新闻", publish_at=timezone.now())
        newer = reader.get("/feed/", headers={"if-modified-since": since})
    assert newer.status_code == 200
    assert "更新的新闻" in newer.content.decode()
