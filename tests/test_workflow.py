"""Status changes go through articles.workflow: permission-checked and logged."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import workflow
from articles.models import Article, WorkflowEvent

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def user_with(*codenames):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def reporter():
    return user_with("change_article", "view_article")


@pytest.fixture
def editor():
    return user_with("change_article", "view_article", "publish_article")


def test_editor_publishes_and_the_step_is_logged(editor):
    """Publishing sets the status and time and writes an audit event."""
    article = ArticleFactory()
    workflow.publish(article, by=editor, note="可以发")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_public()
    event = WorkflowEvent.objects.get(article=article)
    assert (event.actor, event.action, event.from_status, event.to_status, event.note) == (
        editor, "publish", "draft", "published", "可以发"
    )


def test_publishing_at_a_future_time_schedules(editor):
    """A future time keeps the story hidden until then, without any worker."""
    article = ArticleFactory()
    at = timezone.now() + timedelta(hours=3)
    workflow.publish(article, by=editor, at=at)
    assert not Article.objects.published().exists()
    assert Article.objects.published(now=at).get() == article


def test_reporter_may_submit_but_not_publish(reporter):
    """A reporter's publish is refused and changes nothing."""
    article = ArticleFactory()
    workflow.submit(article, by=reporter)
    assert article.status == Article.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        workflow.publish(article, by=reporter)
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED
    assert list(WorkflowEvent.objects.values_list("action", flat=True)) == ["submit"]


def test_transition_from_the_wrong_state_is_refused(editor):
    """Withdrawing a draft makes no sense and says so."""
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        workflow.withdraw(article, by=editor)
    assert not WorkflowEvent.objects.exists()


def test_withdraw_hides_and_return_to_draft_reopens(editor):
    """A withdrawn story disappears from the public and can go back to the desk."""
    article = ArticleFactory()
    workflow.publish(article, by=editor)
    workflow.withdraw(article, by=editor, note="事实有误")
    assert not Article.objects.published().exists()
    workflow.return_to_draft(article, by=editor)
    assert article.status == Article.Status.DRAFT
    assert WorkflowEvent.objects.count() == 3


def test_can_matches_what_the_functions_allow(reporter, editor):
    """The admin asks can() to decide which buttons to show."""
    article = ArticleFactory()
    assert workflow.can(reporter, "submit", article)
    assert not workflow.can(reporter, "publish", article)
    assert workflow.can(editor, "publish", article)
    assert not workflow.can(editor, "withdraw", article)
