"""The demo's front page: arranged as a desk would, the sample story (【武昌】) on top."""

import pytest
from django.test import Client

from articles.demo.frontpage import BLOCKS, arrange_front_page
from articles.frontpage import front_page
from articles.models import FrontPage

from .factories import ArticleFactory
from .test_demo import SAMPLE_ID, TITLE, demo_mode, load  # noqa: F401 (demo_mode: a fixture)

pytestmark = pytest.mark.django_db


def test_the_demo_front_page_leads_with_the_sample_story(demo_mode):  # noqa: F811
    """load_demo arranges the page: the sample story as headline, two public pins (one
    expiring), a block per demo section; a second run changes nothing."""
    load()
    arrangement = FrontPage.objects.get()
    assert arrangement.headline.short_id == SAMPLE_ID
    assert arrangement.updated_by.username == "chief"
    pins = list(arrangement.pins.order_by("order"))
    assert len(pins) == 2
    assert pins[0].until is None and pins[1].until is not None
    assert [b.section.slug for b in arrangement.blocks.order_by("order")] == [
        slug for slug, _size in BLOCKS]

    content = front_page()
    assert content.headline.short_id == SAMPLE_ID
    assert [story.pk for story in content.pins] == [pin.article_id for pin in pins]
    assert all(block.stories for block in content.blocks)
    page = Client().get("/").content.decode()
    assert TITLE in page.split('class="front-lead"')[1].split("</section>")[0]

    version = arrangement.version
    load()
    assert FrontPage.objects.get().version == version
    assert arrangement.pins.count() == 2


def test_an_arrangement_the_desk_made_is_left_alone():
    """The demo fills only an empty arrangement, never one someone made."""
    FrontPage.objects.create(pk=1, headline=ArticleFactory(published=True))
    assert arrange_front_page() is False
    assert not FrontPage.objects.get().blocks.exists()
