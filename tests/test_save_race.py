"""Two people saving the same story at the same moment: one wins, the other is told.

Real threads, each with its own database connection, through the real admin
form. On PostgreSQL the version check-and-bump is one UPDATE under a row lock;
on SQLite writers queue (IMMEDIATE transactions) and the check is the same.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from articles.models import Article
from articles.roles import CHIEF_EDITORS, ensure_newsroom_groups

from .factories import ArticleFactory, UserFactory
from .test_admin import article_data, change_url

pytestmark = pytest.mark.django_db(transaction=True)


def quiet_client(user):
    # A server error in one thread would be re-raised in every thread's client
    # (they share the signal); status codes tell each thread's own outcome.
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(user)
    return client


def race(posts):
    """POST each (client, url, data) in its own thread at the same moment; the responses."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def save(index, client, url, data):
        try:
            barrier.wait(timeout=10)
            results[index] = client.post(url, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_two_saves_of_one_story_race_and_exactly_one_wins(attempt):
    """Both opened version 1; one save lands (302), the other is refused (200), none lost."""
    groups = ensure_newsroom_groups()
    editors = [UserFactory(username=f"editor{n}") for n in range(2)]
    for editor in editors:
        editor.groups.add(groups[CHIEF_EDITORS])
    article = ArticleFactory(title="原标题", body="原正文。")
    first = article_data(article.section, title="甲改的标题", body="原正文。")
    second = article_data(article.section, title="原标题", body="乙改的正文。")

    responses = race([
        (quiet_client(editors[0]), change_url(article), first),
        (quiet_client(editors[1]), change_url(article), second),
    ])

    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 302], codes
    refused = next(r for r in responses if r.status_code == 200)
    assert "Someone else saved this story" in refused.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == 2
    # Exactly one person's whole edit is stored; the other's is in their form.
    assert (stored.title, stored.body) in {("甲改的标题", "原正文。"), ("原标题", "乙改的正文。")}


def test_database_engine_is_reported():
    """Which engine this run raced on, for the record in the test output."""
    assert connection.vendor in {"sqlite", "postgresql"}
