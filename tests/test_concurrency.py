"""A small desk saving at the same moment: every save lands.

Real threads, each with its own database connection and its own editor,
released together by a barrier, posting the real admin forms. On SQLite
(a file, see conftest.py) this is what the IMMEDIATE transactions, the busy
timeout and WAL in settings.py are for: with SQLite's defaults one save in
two failed with "database is locked". PostgreSQL runs the same tests.
"""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from articles.models import Article, Photo, Role

from .factories import ArticleFactory, ContributorFactory, UserFactory, jpeg_bytes
from .form_data import form_data

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(jobs):
    """Run each job in its own thread, all released together; what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 (reported by the caller)
            results[index] = error
        finally:
            connections.close_all()  # this thread's connections only

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def failures(results, expected_status=302):
    """The results that are not the expected answer, as short descriptions."""
    return [
        repr(result)[:200] if isinstance(result, Exception) else result.status_code
        for result in results
        if isinstance(result, Exception) or result.status_code != expected_status
    ]


def logged_in(username):
    user = UserFactory(username=username, is_superuser=True)
    # Not re-raised: the client collects server errors through a signal every
    # thread's client hears, so one thread's error would surface in all of them.
    client = Client(headers={"accept-language": "en"}, raise_request_exception=False)
    client.force_login(user)
    return client


def post_later(client, url, data):
    return lambda: client.post(url, data)


@pytest.mark.parametrize("editors", [10, 20])
def test_editors_saving_different_stories_at_once_all_succeed(editors):
    """10 or 20 editors each press Save on their own story at the same moment: none fails."""
    jobs, stories = [], []
    for n in range(editors):
        client = logged_in(f"editor{n}")
        story = ArticleFactory(title=f"原标题{n}")
        url = f"/admin/articles/article/{story.pk}/change/"
        data = form_data(client.get(url).content.decode(), "article_form")
        data.update({"title": f"改后的标题{n}", "_save": "Save"})
        jobs.append(post_later(client, url, data))
        stories.append(story)

    results = at_once(jobs)

    failed = failures(results)
    assert not failed, f"{len(failed)} of {editors} saves failed: {failed}"
    saved = dict(Article.objects.filter(pk__in=[s.pk for s in stories]).values_list("pk", "title"))
    assert saved == {story.pk: f"改后的标题{n}" for n, story in enumerate(stories)}


def test_photographers_uploading_at_once_all_succeed():
    """Four photographers send a picture, each crediting themselves, at the same moment."""
    jobs = []
    for n in range(4):
        client = logged_in(f"photographer{n}")
        credited = ContributorFactory(name=f"摄影记者{n}", default_role=Role.PHOTOGRAPHER)
        data = form_data(client.get("/admin/articles/photo/add/").content.decode(), "photo_form")
        data.update({
            "image": SimpleUploadedFile(
                f"直播间{n}.jpg", jpeg_bytes(1600, 1200, color=(n * 60, 80, 40)),
                content_type="image/jpeg",
            ),
            "caption": f"直播间{n}。", "credit_contributor": str(credited.pk), "_save": "Save",
        })
        jobs.append(post_later(client, "/admin/articles/photo/add/", data))

    results = at_once(jobs)

    failed = failures(results)
    assert not failed, f"{len(failed)} of 4 uploads failed: {failed}"
    photos = Photo.objects.order_by("caption")
    assert [(p.caption, p.uploaded_by.username, p.credit_contributor.name, p.width)
            for p in photos] == [
        (f"直播间{n}。", f"photographer{n}", f"摄影记者{n}", 1600) for n in range(4)
    ]
