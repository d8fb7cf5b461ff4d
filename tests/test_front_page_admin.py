"""首页编排 in the admin: one arrangement, edited by the desk only; the second of two
concurrent saves is refused with nothing lost; arranged stories readers cannot see are
flagged; bad input is a form error, never a server error."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.admin.frontpage import FrontPageForm
from articles.admin.versioning import VersionedForm
from articles.frontpage import FRONT_PAGE_PK
from articles.models import Article, FrontPage, FrontPageBlock, FrontPagePin
from articles.roles import ROLES_BY_KEY, ensure_newsroom_groups

from .factories import ROLE_GROUPS, ArticleFactory, SectionFactory, UserFactory
from .form_data import form_data

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/frontpage/"
CHANGE_URL = f"/admin/articles/frontpage/{FRONT_PAGE_PK}/change/"
FORM_ID = "frontpage_form"


def member(role, username=None):
    """A staff user in one of the newsroom's groups (articles.roles)."""
    user = UserFactory(username=username or role)
    user.groups.add(ensure_newsroom_groups()[ROLE_GROUPS[role]])
    return user


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return client_for(member("editor"))


def opened(client):
    """The arrangement's form as the browser got it: (page HTML, the data it would send)."""
    response = client.get(CHANGE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    return page, form_data(page, FORM_ID)


def with_pin(data, index, article, *, order, until=("", "")):
    data.update({
        f"pins-{index}-article": str(article.pk), f"pins-{index}-order": str(order),
        f"pins-{index}-until_0": until[0], f"pins-{index}-until_1": until[1],
    })
    return data


def with_block(data, index, section, *, size, order=0):
    data.update({
        f"blocks-{index}-section": str(section.pk), f"blocks-{index}-size": str(size),
        f"blocks-{index}-order": str(order),
    })
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def errors_of(response):
    """Every error the form and its inline rows show, as text."""
    context = response.context
    errors = [str(e) for e in context["adminform"].form.non_field_errors()]
    for field, field_errors in context["adminform"].form.errors.items():
        errors += [f"{field}: {e}" for e in field_errors]
    for formset in context["inline_admin_formsets"]:
        for form in formset.formset.forms:
            for field, field_errors in form.errors.items():
                errors += [f"{formset.formset.prefix}.{field}: {e}" for e in field_errors]
    return errors


# --- One arrangement --------------------------------------------------------------------------


def test_the_list_goes_straight_to_the_one_arrangement(editor):
    """"Front page" in the admin opens its single arrangement, made on the first visit."""
    response = editor.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"] == CHANGE_URL
    assert FrontPage.objects.get().pk == FRONT_PAGE_PK
    page, _data = opened(editor)
    assert "Pinned stories" in page and "Section blocks" in page


def test_nobody_adds_or_deletes_an_arrangement():
    """Not even the chief: there is one arrangement, changed in place."""
    chief = client_for(member("chief"))
    FrontPage.objects.create(pk=FRONT_PAGE_PK)
    assert chief.get(f"{LIST_URL}add/").status_code == 403
    assert chief.post(f"{CHANGE_URL[:-len('change/')]}delete/", {"post": "yes"}).status_code \
        == 403
    assert FrontPage.objects.filter(pk=FRONT_PAGE_PK).exists()


def test_an_editor_arranges_headline_pins_and_blocks(editor):
    """What the editor saves is the arrangement; its version goes up; who saved is kept."""
    headline = ArticleFactory(title="头条稿", published=True)
    first, second = (ArticleFactory(title=t, published=True) for t in ("置顶甲", "置顶乙"))
    news, sport = SectionFactory(name="要闻"), SectionFactory(name="体育")
    editor.get(LIST_URL)
    _page, data = opened(editor)
    data["headline"] = str(headline.pk)
    with_pin(data, 0, second, order=2, until=("2030-01-01", "08:00:00"))
    with_pin(data, 1, first, order=1)
    data["pins-TOTAL_FORMS"] = "2"
    with_block(data, 0, sport, size=3, order=2)
    with_block(data, 1, news, size=6, order=1)
    data["blocks-TOTAL_FORMS"] = "2"
    response = editor.post(CHANGE_URL, data)
    assert response.status_code == 302, errors_of(response)
    arrangement = FrontPage.objects.get()
    assert arrangement.headline == headline
    assert arrangement.version == 2
    assert arrangement.updated_by.username == "editor"
    pins = list(arrangement.pins.order_by("order"))
    assert [pin.article.title for pin in pins] == ["置顶甲", "置顶乙"]
    assert pins[0].until is None and pins[1].until.year == 2030
    blocks = [(b.section.name, b.size) for b in arrangement.blocks.order_by("order")]
    assert blocks == [("要闻", 6), ("体育", 3)]


def test_the_headline_is_picked_by_autocomplete(editor, django_capture_on_commit_callbacks):
    """The headline and pins are found by typing: the story search answers the widget."""
    with django_capture_on_commit_callbacks(execute=True):  # the search index, on commit
        story = ArticleFactory(title="武昌区数字经济", published=True)
        ArticleFactory(title="别的稿件", published=True)
    page, _data = opened(editor)
    assert 'class="admin-autocomplete' in page
    response = editor.get("/admin/autocomplete/", {
        "app_label": "articles", "model_name": "frontpage", "field_name": "headline",
        "term": "数字经济",
    })
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(story.pk)]


# --- Who may arrange --------------------------------------------------------------------------


def test_the_desks_roles_may_arrange_and_the_reporters_may_not():
    """Editors, section heads and chiefs hold change_frontpage; reporters and photographers
    do not."""
    groups = ensure_newsroom_groups()
    for key, may in (("editor", True), ("section-head", True), ("chief", True),
                     ("reporter", False), ("photographer", False)):
        group = groups[ROLES_BY_KEY[key].name]
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert ("change_frontpage" in codenames) is may, key


@pytest.mark.parametrize("role", ["reporter", "photographer"])
def test_reporters_and_photographers_cannot_open_it(role):
    """The list and the form are refused; the admin's index does not offer it."""
    client = client_for(member(role))
    FrontPage.objects.create(pk=FRONT_PAGE_PK)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(CHANGE_URL).status_code == 403
    assert LIST_URL not in client.get("/admin/").content.decode()


def test_a_forged_post_by_a_reporter_changes_nothing(editor):
    """A reporter posting the editor's form (version and all) is refused by the server."""
    ArticleFactory(title="原头条", published=True)
    editor.get(LIST_URL)
    _page, data = opened(editor)
    data["headline"] = str(ArticleFactory(title="记者想要的头条", published=True).pk)
    with_block(data, 0, SectionFactory(), size=4)
    data["blocks-TOTAL_FORMS"] = "1"
    reporter = client_for(member("reporter"))
    assert reporter.post(CHANGE_URL, data).status_code == 403
    arrangement = FrontPage.objects.get()
    assert arrangement.headline is None and arrangement.version == 1
    assert not FrontPageBlock.objects.exists()


# --- Two editors at once ----------------------------------------------------------------------


def test_the_second_of_two_saves_is_told_and_loses_nothing():
    """Both opened version 1; the first save lands; the second is refused with a clear
    message, its choices still in the form, and the first one's arrangement intact.
    Saving again (now knowingly) goes through."""
    first, second = client_for(member("editor", "editor1")), client_for(member("chief"))
    mine, theirs = (ArticleFactory(title=t, published=True) for t in ("甲的头条", "乙的头条"))
    first.get(LIST_URL)
    _page, first_data = opened(first)
    _page, second_data = opened(second)
    first_data["headline"] = str(mine.pk)
    assert first.post(CHANGE_URL, first_data).status_code == 302

    second_data["headline"] = str(theirs.pk)
    response = second.post(CHANGE_URL, second_data)
    assert response.status_code == 200
    assert any("Someone else changed the front page after you opened it" in error
               for error in errors_of(response))
    page = response.content.decode()
    assert f'<option value="{theirs.pk}" selected>乙的头条</option>' in page
    assert FrontPage.objects.get().headline == mine

    resubmitted = form_data(page, FORM_ID)
    assert resubmitted["opened_version"] == "2"
    assert second.post(CHANGE_URL, resubmitted).status_code == 302
    assert FrontPage.objects.get().headline == theirs


def test_a_save_racing_past_the_form_check_is_still_refused(editor, monkeypatch):
    """Another save lands between the form's version check and this save: the one UPDATE
    that checks and bumps the version refuses it, everything is rolled back, and the form
    explains."""
    editor.get(LIST_URL)
    _page, data = opened(editor)
    data["headline"] = str(ArticleFactory(title="迟到的头条", published=True).pk)
    with_block(data, 0, SectionFactory(), size=4)
    data["blocks-TOTAL_FORMS"] = "1"
    FrontPage.objects.filter(pk=FRONT_PAGE_PK).update(version=5)  # the other editor's save
    checks = []
    original_clean = FrontPageForm.clean

    def clean_checked_before_the_other_save(form):
        checks.append(form)
        if len(checks) == 1:  # the check ran before the other save landed: it passed
            return super(VersionedForm, form).clean()
        return original_clean(form)

    monkeypatch.setattr(FrontPageForm, "clean", clean_checked_before_the_other_save)
    response = editor.post(CHANGE_URL, data)
    assert response.status_code == 200
    assert len(checks) == 2
    assert any("Someone else changed" in error for error in errors_of(response))
    arrangement = FrontPage.objects.get()
    assert arrangement.headline is None and arrangement.version == 5
    assert not FrontPageBlock.objects.exists()


# --- Stories readers cannot see ---------------------------------------------------------------


def test_arranging_a_story_that_is_not_public_is_saved_with_a_warning(editor):
    """A draft headline, a scheduled pin and an expired pin are kept, and the page says
    readers do not see them and why."""
    draft = ArticleFactory(title="草稿头条")
    scheduled = ArticleFactory(title="明天的稿", status=Article.Status.PUBLISHED,
                               publish_at=timezone.now() + timedelta(days=1))
    expired = ArticleFactory(title="过期置顶", published=True)
    editor.get(LIST_URL)
    _page, data = opened(editor)
    data["headline"] = str(draft.pk)
    with_pin(data, 0, scheduled, order=0)
    with_pin(data, 1, expired, order=1, until=("2020-01-01", "00:00:00"))
    data["pins-TOTAL_FORMS"] = "2"
    response = editor.post(CHANGE_URL, data, follow=True)
    assert response.status_code == 200
    assert FrontPage.objects.get().headline == draft
    assert FrontPagePin.objects.count() == 2
    warnings = " ".join(messages_of(response))
    assert "“草稿头条” is not public (Draft)" in warnings
    assert "“明天的稿” is not public (scheduled for" in warnings
    assert "The pin of “过期置顶” has expired" in warnings
    # Opening the page again says so too.
    assert "“草稿头条” is not public" in " ".join(messages_of(editor.get(CHANGE_URL)))


def test_public_stories_raise_no_warning(editor):
    """Nothing to say when everything arranged is public."""
    editor.get(LIST_URL)
    _page, data = opened(editor)
    data["headline"] = str(ArticleFactory(published=True).pk)
    response = editor.post(CHANGE_URL, data, follow=True)
    assert not any("not public" in message for message in messages_of(response))


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("headline_until", ("0001-01-01", "00:00:00")),
    ("headline_until", ("9999-12-31", "23:59:59")),
    ("headline_until", ("2024-02-30", "12:00:00")),
    ("headline_until", ("abc", "25:99")),
    ("headline", "999999"),
    ("headline", "abc"),
    ("opened_version", "-1"),
])
def test_bad_headline_input_is_a_form_error(editor, field, value):
    """Impossible dates, unknown stories and garbage are messages on the form, never a 500,
    and nothing is saved."""
    editor.get(LIST_URL)
    _page, data = opened(editor)
    if isinstance(value, tuple):
        data[f"{field}_0"], data[f"{field}_1"] = value
    else:
        data[field] = value
    response = editor.post(CHANGE_URL, data)
    assert response.status_code == 200
    assert errors_of(response)
    assert FrontPage.objects.get().version == 1


@pytest.mark.parametrize("size", ["0", "13", "abc", "-1", "99999999999", ""])
def test_a_block_size_outside_1_to_12_is_a_form_error(editor, size):
    """How many stories a block shows is 1 to 12; anything else is an error on its row."""
    editor.get(LIST_URL)
    _page, data = opened(editor)
    with_block(data, 0, SectionFactory(), size=size)
    data["blocks-TOTAL_FORMS"] = "1"
    response = editor.post(CHANGE_URL, data)
    assert response.status_code == 200
    assert any(error.startswith("blocks.size") for error in errors_of(response))
    assert not FrontPageBlock.objects.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("until", ("0001-01-01", "00:00:00")),
    ("until", ("9999-01-01", "00:00:00")),
    ("order", "-5"),
    ("order", "99999999"),
    ("article", "999999"),
])
def test_bad_pin_input_is_a_form_error(editor, field, value):
    """A pin with an impossible expiry, order or story is an error on its row."""
    editor.get(LIST_URL)
    _page, data = opened(editor)
    with_pin(data, 0, ArticleFactory(published=True), order=0)
    if isinstance(value, tuple):
        data[f"pins-0-{field}_0"], data[f"pins-0-{field}_1"] = value
    else:
        data[f"pins-0-{field}"] = value
    data["pins-TOTAL_FORMS"] = "1"
    response = editor.post(CHANGE_URL, data)
    assert response.status_code == 200
    assert any(error.startswith(f"pins.{field}") for error in errors_of(response))
    assert not FrontPagePin.objects.exists()


def test_the_same_story_pinned_twice_or_a_section_twice_is_a_form_error(editor):
    """Each story is pinned once and each section has one block: said on the form."""
    story, section = ArticleFactory(published=True), SectionFactory()
    editor.get(LIST_URL)
    _page, data = opened(editor)
    with_pin(data, 0, story, order=0)
    with_pin(data, 1, story, order=1)
    data["pins-TOTAL_FORMS"] = "2"
    with_block(data, 0, section, size=3)
    with_block(data, 1, section, size=4)
    data["blocks-TOTAL_FORMS"] = "2"
    response = editor.post(CHANGE_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Please correct the duplicate data") == 2
    assert not FrontPagePin.objects.exists() and not FrontPageBlock.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_one_wins_and_one_is_told():
    """Real threads, each its own connection: both opened version 1, exactly one save lands
    (302), the other is refused (200), and the stored headline is the winner's."""
    from .test_save_race import quiet_client, race

    ensure_newsroom_groups()
    users = [member("editor", f"editor{n}") for n in range(2)]
    stories = [ArticleFactory(title=f"头条{n}", published=True) for n in range(2)]
    clients = [quiet_client(user) for user in users]
    clients[0].get(LIST_URL)
    posts = []
    for client, story in zip(clients, stories, strict=True):
        _page, data = opened(client)
        data["headline"] = str(story.pk)
        posts.append((client, CHANGE_URL, data))
    responses = race(posts)
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 302]
    winner = stories[[r.status_code for r in responses].index(302)]
    arrangement = FrontPage.objects.get()
    assert arrangement.headline == winner and arrangement.version == 2
