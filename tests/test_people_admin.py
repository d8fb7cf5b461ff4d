"""The contributor pages of the admin, for everyone who may see them."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles import roles

from .factories import ContributorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("group", [roles.REPORTERS, roles.EDITORS, roles.PHOTOGRAPHERS])
def test_who_may_only_view_contributors_gets_a_read_only_page(group):
    """A reporter, editor or photographer opens a person's page and reads it, unchangeable."""
    person = ContributorFactory(name="何晓刚", slug="何晓刚", organisation="长江日报")
    user = UserFactory(username=f"viewer-{group}")
    user.groups.add(Group.objects.get(name=group))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)

    response = client.get(f"/admin/articles/contributor/{person.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "何晓刚" in page and "长江日报" in page
    assert response.context["has_change_permission"] is False
    assert 'name="name"' not in page and 'name="slug"' not in page
    assert not response.context["adminform"].form.fields


def test_who_may_change_contributors_still_gets_the_slug_hint(admin_user):
    """The chief editor still sees the slug field, optional, with its explanation."""
    person = ContributorFactory(name="杨蔚")
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin_user)

    response = client.get(f"/admin/articles/contributor/{person.pk}/change/")

    slug = response.context["adminform"].form.fields["slug"]
    assert slug.required is False
    assert "Leave empty to make one from the name." in response.content.decode()
