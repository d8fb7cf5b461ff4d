"""The photo library's admin: where a photo is used, deleting, the list, placing, requests."""

import json
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import roles
from articles.models import Article, Photo

from .factories import (
    ROLE_GROUPS,
    ArticleFactory,
    ArticlePhotoFactory,
    ContributorFactory,
    PhotoFactory,
    UserFactory,
)
from .form_data import form_data
from .pages import visible_text

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/photo/"
WANTED_URL = "/admin/articles/photo/wanted/"


@pytest.fixture
def person(db):
    """``person("photographer")``: a new user in that newsroom group."""
    groups = roles.ensure_newsroom_groups()

    def make(role):
        user = UserFactory(is_superuser=role == "admin")
        if role in ROLE_GROUPS:
            user.groups.add(groups[ROLE_GROUPS[role]])
        return user

    return make


def client_of(user):
    # Assertions read English msgids, whatever the translation catalogue says.
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def photo_url(photo, view="change"):
    return f"/admin/articles/photo/{photo.pk}/{view}/"


def article_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def stories_in_every_state(photo):
    """The photo in a draft, a story in review, a live, a scheduled and a withdrawn one."""
    titles = {
        "draft": "草稿里的报道", "submitted": "审稿中的报道", "published": "已经见报的报道",
        "scheduled": "定时发布的报道", "withdrawn": "撤下的报道",
    }
    traits = {"draft": {}, "submitted": {"submitted": True}, "published": {"published": True},
              "scheduled": {"scheduled": True}, "withdrawn": {"withdrawn": True}}
    return {
        state: ArticlePhotoFactory(
            photo=photo, article=ArticleFactory(title=title, **traits[state])
        ).article
        for state, title in titles.items()
    }


def used_in_field(page):
    """The text of the photo page's "used in" row."""
    match = re.search(r'<div class="[^"]*field-(?:used_in|public_use)[^"]*">(.*?)</div>\s*</div>',
                      page, re.S)
    assert match, "the page has no 'used in' row"
    return match[1]


# --- 1. where a photo is used ----------------------------------------------------------


class TestUsedIn:
    def test_editor_sees_every_story_with_its_status_and_admin_page(self, person):
        """Whoever may see stories gets all of them, each with its status and its admin page."""
        photo = PhotoFactory()
        stories = stories_in_every_state(photo)

        page = client_of(person("editor")).get(photo_url(photo)).content.decode()

        field = used_in_field(page)
        text = visible_text(field)
        for state, label in [("draft", "Draft"), ("submitted", "In review"),
                             ("published", "Published"), ("scheduled", "Scheduled"),
                             ("withdrawn", "Withdrawn")]:
            assert f"{stories[state].title} ({label})" in text
            assert article_url(stories[state]) in field
        # The live one also links to the page readers see.
        assert stories["published"].get_absolute_url() in field

    def test_photographer_sees_only_public_stories_with_their_public_pages(self, person):
        """A photographer never reads the headline of a story that is not public."""
        photo = PhotoFactory()
        stories = stories_in_every_state(photo)

        page = client_of(person("photographer")).get(photo_url(photo)).content.decode()

        live = stories["published"]
        field = used_in_field(page)
        assert f'<a href="{live.get_absolute_url()}">{live.title}</a>' in field
        for state in ("draft", "submitted", "scheduled", "withdrawn"):
            assert stories[state].title not in page
        assert "/admin/articles/article/" not in page
        assert "and 4 stories that are not public yet" in visible_text(field)

    def test_photographer_sees_a_dash_for_a_photo_nobody_uses(self, person):
        """Nothing to list is said as nothing, not as an empty list."""
        photo = PhotoFactory()

        page = client_of(person("photographer")).get(photo_url(photo)).content.decode()

        assert visible_text(used_in_field(page)).strip().endswith("—")


# --- 2. deleting -------------------------------------------------------------------------


class TestDelete:
    @pytest.mark.parametrize("role", ["photographer", "reporter", "editor", "head"])
    def test_only_the_chief_deletes_photos(self, person, role):
        """Deleting photos is the chief editor's (roles.py): the others get a 403."""
        photo = PhotoFactory()
        client = client_of(person(role))

        assert client.get(photo_url(photo, "delete")).status_code == 403
        assert client.post(photo_url(photo, "delete"), {"post": "yes"}).status_code == 403
        assert Photo.objects.filter(pk=photo.pk).exists()

    def test_chief_deletes_a_photo_nobody_uses(self, person):
        photo = PhotoFactory()

        response = client_of(person("chief")).post(photo_url(photo, "delete"), {"post": "yes"})

        assert response.status_code == 302
        assert not Photo.objects.filter(pk=photo.pk).exists()

    def test_photo_in_a_published_story_names_it_and_offers_no_button(self, person):
        """The delete page says which stories hold the photo, and has nothing to confirm."""
        photo = PhotoFactory(caption="碳汇大厦。")
        live = ArticlePhotoFactory(photo=photo, article=ArticleFactory(
            title="武昌区数字经济转型升级", published=True
        )).article

        page = client_of(person("chief")).get(photo_url(photo, "delete")).content.decode()

        text = visible_text(page)
        assert "The photo “碳汇大厦。” cannot be deleted: these stories use it." in text
        assert "武昌区数字经济转型升级 (Published)" in text
        assert article_url(live) in page
        assert 'name="post"' not in page
        assert "Yes, I’m sure" not in page

    @pytest.mark.parametrize("trait", ["published", "scheduled", "draft"])
    def test_a_forged_confirmation_deletes_nothing(self, person, trait):
        """A POST made without the page (there is no button) is refused the same way."""
        photo = PhotoFactory()
        traits = {} if trait == "draft" else {trait: True}
        story = ArticlePhotoFactory(photo=photo, article=ArticleFactory(**traits)).article

        response = client_of(person("chief")).post(photo_url(photo, "delete"), {"post": "yes"})

        assert response.status_code == 200
        assert story.title in visible_text(response.content.decode())
        assert Photo.objects.filter(pk=photo.pk).exists()
        assert story.article_photos.filter(photo=photo).exists()

    def test_photo_in_drafts_only_names_the_drafts(self, person):
        """Not Django's "photo in article: <the photo's own name>", but the stories."""
        photo = PhotoFactory(caption="直播间。")
        for title in ("第一篇草稿", "第二篇草稿"):
            ArticlePhotoFactory(photo=photo, article=ArticleFactory(title=title))

        page = client_of(person("chief")).get(photo_url(photo, "delete")).content.decode()

        text = visible_text(page)
        assert "第一篇草稿 (Draft)" in text and "第二篇草稿 (Draft)" in text
        assert "Photo in article" not in text
        assert "take it out of each story’s photos first" in text

    def test_bulk_delete_with_one_used_photo_deletes_nothing(self, person):
        """The list's delete action refuses the whole batch and names the stories."""
        free = PhotoFactory(caption="没人用的图。")
        used = PhotoFactory(caption="见报的图。")
        ArticlePhotoFactory(photo=used, article=ArticleFactory(title="见报的报道", published=True))
        data = {"action": "delete_selected", "_selected_action": [free.pk, used.pk]}
        client = client_of(person("chief"))

        page = client.post(LIST_URL, data).content.decode()
        forged = client.post(LIST_URL, {**data, "post": "yes"})

        text = visible_text(page)
        assert "The selected photos cannot be deleted" in text
        assert "见报的图。" in text and "见报的报道 (Published)" in text
        assert "没人用的图。" not in text.split("cannot be deleted")[1]
        assert forged.status_code == 200
        assert Photo.objects.filter(pk__in=[free.pk, used.pk]).count() == 2

    def test_bulk_delete_of_unused_photos_still_works(self, person):
        photos = [PhotoFactory(), PhotoFactory()]

        response = client_of(person("chief")).post(LIST_URL, {
            "action": "delete_selected", "_selected_action": [p.pk for p in photos],
            "post": "yes",
        })

        assert response.status_code == 302
        assert not Photo.objects.exists()


# --- 3. the list ---------------------------------------------------------------------


def listed(client, query=""):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200, response
    return set(response.context["cl"].result_list)


@pytest.fixture
def desk(admin_user):
    return client_of(admin_user)


class TestListFilters:
    def test_photographer_filter_offers_only_credited_people(self, desk):
        """Contributors who never had a photo credited are not offered."""
        he = ContributorFactory(name="何晓刚")
        ContributorFactory(name="没拍过照片的人")
        mine = PhotoFactory(credit_contributor=he)
        PhotoFactory(credit_name="受访者")

        response = desk.get(LIST_URL)
        photographer = next(f for f in response.context["cl"].filter_specs
                            if f.parameter_name == "photographer")

        assert photographer.lookup_choices == [(str(he.pk), "何晓刚")]
        assert listed(desk, f"photographer={he.pk}") == {mine}

    def test_people_of_one_name_are_told_apart(self, desk):
        """同名同姓: the organisation follows the name when two share it."""
        ours = ContributorFactory(name="王伟", organisation="长江日报")
        theirs = ContributorFactory(name="王伟", organisation="新华社")
        PhotoFactory(credit_contributor=ours)
        PhotoFactory(credit_contributor=theirs)

        response = desk.get(LIST_URL)
        photographer = next(f for f in response.context["cl"].filter_specs
                            if f.parameter_name == "photographer")

        assert sorted(label for _pk, label in photographer.lookup_choices) == [
            "王伟 (新华社)", "王伟 (长江日报)"
        ]

    def test_usage_filter(self, desk):
        unused = PhotoFactory()
        in_draft = ArticlePhotoFactory().photo
        in_live = ArticlePhotoFactory(article=ArticleFactory(published=True)).photo
        in_scheduled = ArticlePhotoFactory(article=ArticleFactory(scheduled=True)).photo

        assert listed(desk, "used=no") == {unused}
        assert listed(desk, "used=yes") == {in_draft, in_live, in_scheduled}
        assert listed(desk, "used=published") == {in_live, in_scheduled}

    def test_needs_attention_filter(self, desk):
        no_caption = PhotoFactory(caption="", credit_name="受访者")
        no_alt = PhotoFactory(alt_text="", credit_name="受访者")
        no_credit = PhotoFactory()
        complete = PhotoFactory(credit_contributor=ContributorFactory())

        assert listed(desk, "needs=caption") == {no_caption}
        assert listed(desk, "needs=alt_text") == {no_alt}
        assert listed(desk, "needs=credit") == {no_credit}
        assert complete not in listed(desk, "needs=credit")

    def test_uploader_mine(self, desk, admin_user):
        mine = PhotoFactory(uploaded_by=admin_user)
        PhotoFactory(uploaded_by=UserFactory())
        PhotoFactory()

        assert listed(desk, "uploader=mine") == {mine}

    @pytest.mark.parametrize("query", [
        "photographer=abc", "photographer=99999999999999999999999", "used=maybe",
        "needs=everything", "uploader=someone-else",
    ])
    def test_a_value_no_filter_knows_lists_nothing(self, desk, query):
        """A mistyped address never looks like "all photos"."""
        PhotoFactory()

        assert listed(desk, query) == set()

    def test_taken_and_uploaded_date_filters(self, desk):
        old = PhotoFactory(taken_at=timezone.now() - timedelta(days=400))
        recent = PhotoFactory(taken_at=timezone.now() - timedelta(hours=2))
        undated = PhotoFactory()
        # As the filter's own "Past 7 days" link says it: midnight, with the offset.
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        since = (midnight - timedelta(days=7)).isoformat()

        assert listed(desk, urlencode({"taken_at__gte": since})) == {recent}
        assert listed(desk, "taken_at__isnull=True") == {undated}
        assert listed(desk, urlencode({"uploaded_at__gte": since})) == {old, recent, undated}

    @pytest.mark.parametrize("query", [
        "taken_at__gte=0001-01-01", "uploaded_at__lt=9999-12-31", "taken_at__year=99999",
    ])
    def test_date_filters_keep_the_bounds(self, desk, query):
        """Out-of-range dates are refused like any wrong filter, not a server error."""
        response = desk.get(f"{LIST_URL}?{query}")

        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")


class TestListSearch:
    @pytest.mark.parametrize(("fields", "term"), [
        ({"caption": "武昌滨江数创走廊。"}, "滨江"),
        ({"headline": "碳汇大厦落成"}, "碳汇"),
        ({"alt_text": "一座玻璃幕墙的高楼"}, "幕墙"),
        ({"credit_name": "受访者张三"}, "张三"),
        ({"credit_organisation": "新华社", "credit_name": "李四"}, "新华社"),
    ])
    def test_search_finds_the_photo_by_its_words(self, desk, fields, term):
        wanted = PhotoFactory(**fields)
        PhotoFactory()

        assert listed(desk, f"q={term}") == {wanted}

    def test_search_by_credited_contributor_tag_and_file_name(self, desk):
        by_him = PhotoFactory(credit_contributor=ContributorFactory(name="何晓刚"))
        tagged = PhotoFactory(tags=["数字经济", "武汉"])
        # The factory's files are named photo-N.jpg; the desk keeps that name.
        named = PhotoFactory()
        named.original_filename = "DSC_0042.JPG"
        named.save(update_fields=["original_filename"])

        assert listed(desk, "q=何晓刚") == {by_him}
        assert listed(desk, "q=数字经济") == {tagged}
        assert listed(desk, "q=DSC_0042") == {named}

    def test_a_photo_matching_two_tags_is_listed_once(self, desk):
        PhotoFactory(tags=["武汉长江", "武汉夜景"])

        response = desk.get(f"{LIST_URL}?q=武汉")

        assert len(response.context["cl"].result_list) == 1


class TestListColumns:
    def test_each_row_shows_picture_words_people_size_and_use(self, desk, admin_user):
        he = ContributorFactory(name="何晓刚")
        photo = PhotoFactory(caption="代表走进直播间。", credit_contributor=he,
                             uploaded_by=admin_user)
        for _ in range(2):
            ArticlePhotoFactory(photo=photo)

        page = desk.get(LIST_URL).content.decode()

        row = re.search(r"<tr>.*?</tr>", page.split("<tbody>")[1], re.S)[0]
        assert 'class="newsdesk-thumb"' in row
        assert "代表走进直播间。" in row
        assert "记者何晓刚 摄" in row
        assert f'<a href="/admin/articles/contributor/{he.pk}/change/">何晓刚</a>' in row
        size = visible_text(re.search(r'<td class="field-dimensions">(.*?)</td>', row)[1])
        assert size == f"64 × 48, {photo.file_size}\xa0bytes"
        assert f"<td class=\"field-uploaded_by nowrap\">{admin_user.username}</td>" in row
        assert '<td class="field-used_count">2</td>' in row

    def test_rows_can_be_sorted_by_use(self, desk):
        ArticlePhotoFactory()
        PhotoFactory()
        columns = desk.get(LIST_URL).context["cl"].list_display
        used_column = columns.index("used_count")

        response = desk.get(f"{LIST_URL}?o={used_column}")

        assert [p.used_count for p in response.context["cl"].result_list] == [0, 1]

    def test_the_list_costs_the_same_queries_for_one_photo_as_for_ten(self, desk):
        """No query per row: the use count is annotated and the people are joined."""

        def make(count):
            for index in range(count):
                photo = PhotoFactory(credit_contributor=ContributorFactory(),
                                     uploaded_by=UserFactory(), tags=[f"标签{index}"])
                ArticlePhotoFactory(photo=photo)

        def queries():
            desk.get(LIST_URL)  # the session and the renditions settle on the first visit
            with CaptureQueriesContext(connection) as captured:
                response = desk.get(LIST_URL)
            assert response.status_code == 200
            return len(captured)

        make(1)
        one = queries()
        make(9)
        ten = queries()

        assert Photo.objects.count() == 10
        assert ten == one, (one, ten)


# --- 4. placing photos in a story ---------------------------------------------------------


class TestPlacingPhotos:
    def test_each_saved_photo_row_shows_its_code_to_type(self, person):
        """Thumbnail, the library caption and [photo:ID] as text, for every attached photo."""
        article = ArticleFactory(title="武昌区数字经济")
        usages = [
            ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="碳汇大厦。")),
            ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="数创走廊。")),
        ]

        page = client_of(person("editor")).get(article_url(article)).content.decode()

        photo_rows = page.split('id="article_photos-group"')[1].split("</table>")[0]
        for usage in usages:
            code = f"[photo:{usage.photo.pk}]"
            assert (f'<code class="newsdesk-photo-code" data-photo-code="{code}"'
                    f' data-insert-label="Insert here"') in photo_rows
            assert usage.photo.caption in photo_rows
        assert photo_rows.count('class="newsdesk-thumb"') == 2
        # Buttons are the script's: without it the page holds only the text.
        assert "<button" not in photo_rows
        assert "/static/newsdesk-admin/photo-insert.js" in page

    def test_the_empty_row_has_no_code_yet(self, person):
        """A photo chosen in a new row is not the story's until saved: no code for it."""
        article = ArticleFactory()

        page = client_of(person("editor")).get(article_url(article)).content.decode()

        photo_rows = page.split('id="article_photos-group"')[1].split("</table>")[0]
        assert "newsdesk-photo-code" not in photo_rows

    def test_the_script_is_served(self):
        """The file the page asks for exists where the static files are found."""
        path = Path(settings.BASE_DIR) / "static" / "newsdesk-admin" / "photo-insert.js"
        assert path.is_file()


NODE = shutil.which("node")

# A page just big enough for photo-insert.js: a body textarea and codes in table rows.
FAKE_PAGE = r"""
const listeners = {};
function element(tag, props = {}) {
    const el = {
        tagName: tag, dataset: {},
        classList: {list: [], contains(name) { return this.list.includes(name); }},
        children: [], nextElementSibling: null, handlers: {}, ...props,
        addEventListener(name, fn) { (this.handlers[name] = this.handlers[name] || []).push(fn); },
        dispatchEvent(event) { (this.handlers[event.type] || []).forEach((fn) => fn(event)); },
        closest(selector) { return this.tagName === 'BUTTON' ? this : null; },
        after(...nodes) {
            const el2 = nodes.find((n) => typeof n === 'object');
            this.nextElementSibling = el2;
            buttons.push(el2);
        },
    };
    Object.defineProperty(el, 'className', {
        set(value) { el.classList.list = value.split(' '); },
        get() { return el.classList.list.join(' '); },
    });
    return el;
}
const buttons = [];
const body = element('TEXTAREA', {
    value: INITIAL, selectionStart: 0, selectionEnd: 0, readOnly: false, disabled: false,
    focus() { this.dispatchEvent({type: 'focus'}); },
    setRangeText(text, start, end) {
        this.value = this.value.slice(0, start) + text + this.value.slice(end);
        this.selectionStart = this.selectionEnd = start + text.length;
    },
});
const codes = CODES.map((code) => {
    const el = element('CODE');
    el.dataset = {photoCode: code, insertLabel: '插入此处', insertTitle: ''};
    return el;
});
global.Event = class { constructor(type) { this.type = type; } };
global.document = {
    readyState: 'complete',
    getElementById: (id) => (id === 'id_body' ? body : null),
    querySelectorAll: () => codes,
    createElement: (tag) => element(tag.toUpperCase()),
    addEventListener(name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
};
require(SCRIPT);
function click(index) {
    const button = buttons[index];
    listeners.click.forEach((fn) => fn({target: button, preventDefault() {}}));
}
for (const step of STEPS) {
    if (step.cursor !== undefined) {
        body.dispatchEvent({type: 'mouseup'});
        body.selectionStart = body.selectionEnd = step.cursor;
    }
    click(step.click);
}
console.log(JSON.stringify({value: body.value, labels: buttons.map((b) => b.textContent),
                            types: buttons.map((b) => b.type)}));
"""


def run_script(initial, steps, codes=("[photo:7]", "[photo:8]")):
    script = Path(settings.BASE_DIR) / "static" / "newsdesk-admin" / "photo-insert.js"
    program = (
        f"const INITIAL = {json.dumps(initial)};\nconst CODES = {json.dumps(list(codes))};\n"
        f"const STEPS = {json.dumps(steps)};\nconst SCRIPT = {json.dumps(str(script))};\n"
        + FAKE_PAGE
    )
    done = subprocess.run([NODE, "-e", program], capture_output=True, text=True, timeout=30,
                          check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="needs node to run the admin's script")
class TestInsertScript:
    """photo-insert.js, run by node against a stand-in for the story form."""

    def test_a_button_per_code_that_never_submits(self):
        result = run_script("", [])

        assert result["labels"] == ["插入此处", "插入此处"]
        assert result["types"] == ["button", "button"]

    def test_the_code_goes_where_the_cursor_is_on_a_line_of_its_own(self):
        """Between two paragraphs, or splitting one: always blank lines around it."""
        body = "第一段。\n\n第二段。"

        between = run_script(body, [{"cursor": len("第一段。\n"), "click": 0}])
        inside = run_script(body, [{"cursor": len("第一"), "click": 1}])

        assert between["value"] == "第一段。\n\n[photo:7]\n\n第二段。"
        assert inside["value"] == "第一\n\n[photo:8]\n\n段。\n\n第二段。"

    def test_without_a_cursor_the_code_goes_at_the_end(self):
        """Before anyone clicks into the body, its cursor means nothing: append."""
        result = run_script("第一段。", [{"click": 0}, {"click": 1}])

        assert result["value"] == "第一段。\n\n[photo:7]\n\n[photo:8]"

    def test_into_an_empty_body(self):
        assert run_script("", [{"click": 1}])["value"] == "[photo:8]"


# --- 5. stories asking for photos -----------------------------------------------------------


class TestPhotoRequests:
    def test_whoever_edits_the_story_writes_its_request(self, person):
        """The reporter asks for photos in the story form; it is saved with the story."""
        reporter = person("reporter")
        article = ArticleFactory(created_by=reporter)
        client = client_of(reporter)
        data = form_data(client.get(article_url(article)).content.decode(), "article_form")
        data["photo_request"] = "需要武昌滨江数创走廊的全景，最好是傍晚。"

        response = client.post(article_url(article), data)

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.photo_request == "需要武昌滨江数创走廊的全景，最好是傍晚。"

    def test_photographer_reads_a_drafts_request_but_cannot_open_the_draft(self, person):
        author = person("reporter")
        ContributorFactory(name="杨蔚", user=author)
        draft = ArticleFactory(title="武昌数字经济", created_by=author,
                               photo_request="碳汇大厦外景，横图。")
        ArticlePhotoFactory(article=draft)
        client = client_of(person("photographer"))

        page = client.get(WANTED_URL).content.decode()

        row = visible_text(re.search(r"<tbody>(.*?)</tbody>", page, re.S)[1])
        for expected in ("武昌数字经济", draft.section.name, "Draft", "杨蔚",
                         "碳汇大厦外景，横图。", "1"):
            assert expected in row
        assert article_url(draft) not in page
        assert client.get(article_url(draft)).status_code == 403
        assert client.get(f"/admin/articles/article/{draft.pk}/history/").status_code == 403

    def test_only_stories_in_progress_with_a_request_are_listed(self, person):
        """Published, scheduled and withdrawn stories are past asking; empty asks nothing."""
        wanted = {
            ArticleFactory(title="草稿要图", photo_request="要图"),
            ArticleFactory(title="审稿要图", submitted=True, photo_request="要图"),
        }
        for title, traits in [("见报要图", {"published": True}), ("定时要图", {"scheduled": True}),
                              ("撤稿要图", {"withdrawn": True})]:
            ArticleFactory(title=title, photo_request="要图", **traits)
        ArticleFactory(title="不要图")

        response = client_of(person("photographer")).get(WANTED_URL)

        assert {row["article"] for row in response.context["rows"]} == wanted
        text = visible_text(response.content.decode())
        for title in ("见报要图", "定时要图", "撤稿要图", "不要图"):
            assert title not in text

    def test_editors_get_a_link_to_the_story(self, person):
        draft = ArticleFactory(photo_request="要图")

        page = client_of(person("editor")).get(WANTED_URL).content.decode()

        assert f'<a href="{article_url(draft)}">{draft.title}</a>' in page

    def test_the_page_is_for_who_may_add_photos(self, person):
        """Someone without articles.add_photo gets a 403."""
        ArticleFactory(photo_request="要图")
        outsider = UserFactory()

        assert client_of(outsider).get(WANTED_URL).status_code == 403

    def test_the_photo_list_links_to_it(self, person):
        page = client_of(person("photographer")).get(LIST_URL).content.decode()

        assert f'<a href="{WANTED_URL}">Photos wanted</a>' in page

    def test_nothing_wanted_says_so(self, person):
        response = client_of(person("photographer")).get(WANTED_URL)

        assert "No story in progress is asking for photos." in response.content.decode()

    def test_the_page_costs_the_same_queries_for_one_story_as_for_ten(self, person):
        client = client_of(person("photographer"))

        def queries():
            client.get(WANTED_URL)
            with CaptureQueriesContext(connection) as captured:
                client.get(WANTED_URL)
            return len(captured)

        ArticlePhotoFactory(article=ArticleFactory(photo_request="要图",
                                                   created_by=person("reporter")))
        one = queries()
        for _ in range(9):
            ArticlePhotoFactory(article=ArticleFactory(photo_request="要图",
                                                       created_by=person("reporter")))
        ten = queries()

        assert Article.objects.exclude(photo_request="").count() == 10
        assert ten == one, (one, ten)
