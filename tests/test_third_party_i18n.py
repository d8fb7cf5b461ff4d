"""django-taggit and django-filter speak Chinese by default and English when asked.

Their msgids are kept in articles/third_party_strings.py and translated in the project's
catalogue, which comes before the packages' own (django-filter has only zh_CN, which
zh-hans never reaches; taggit's zh_Hans calls its app 标签项).
"""

import django_filters
import pytest
from django.apps import apps
from django.utils import translation
from taggit.forms import TagField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles.models import Article


class StoryFilter(django_filters.FilterSet):
    """A FilterSet with one filter of each kind whose interface text comes from the package."""

    when = django_filters.DateRangeFilter(field_name="publish_at")
    year_after = django_filters.NumberFilter(field_name="publish_at", lookup_expr="year__gt")
    comments = django_filters.BooleanFilter(
        field_name="allow_comments", widget=django_filters.widgets.BooleanWidget
    )
    ids = django_filters.BaseInFilter(field_name="id")

    class Meta:
        model = Article
        fields = []


def rendered_filter_form():
    """The form's HTML, as a reader's page would print it."""
    return StoryFilter({}, queryset=Article.objects.none()).form.as_p()


# --- django-taggit --------------------------------------------------------------------------


class TestTaggitNames:
    """The tag models, their fields and the app are named in Chinese, or in English."""

    def test_chinese_by_default(self):
        """zh-hans: 标签 for the app and the tag, 标签关联 for the link, never 标签项."""
        with translation.override("zh-hans"):
            assert str(apps.get_app_config("taggit").verbose_name) == "标签"
            assert str(Tag._meta.verbose_name) == "标签"
            assert str(Tag._meta.verbose_name_plural) == "标签"
            assert str(Tag._meta.get_field("name").verbose_name) == "名称"
            assert str(Tag._meta.get_field("slug").verbose_name) == "网址别名"
            assert str(TaggedItem._meta.verbose_name) == "标签关联"
            assert str(TaggedItem._meta.verbose_name_plural) == "标签关联"
            assert str(TaggedItem._meta.get_field("object_id").verbose_name) == "对象 ID"
            assert str(TaggedItem._meta.get_field("content_type").verbose_name) == "内容类型"

    def test_english_when_switched(self):
        """en: taggit's own English words come back."""
        with translation.override("en"):
            assert str(apps.get_app_config("taggit").verbose_name) == "Taggit"
            assert str(Tag._meta.verbose_name_plural) == "tags"
            assert str(Tag._meta.get_field("slug").verbose_name) == "slug"
            assert str(TaggedItem._meta.verbose_name) == "tagged item"

    @pytest.mark.django_db
    def test_tagged_item_reads_as_a_sentence(self):
        """A TaggedItem's text (admin inlines, delete confirmations) keeps both names."""
        item = TaggedItem(tag=Tag(name="数字经济"), object_id=1)
        item.content_object = Tag(name="武昌")
        with translation.override("zh-hans"):
            assert str(item) == "武昌 的标签：数字经济"
        with translation.override("en"):
            assert str(item) == "武昌 tagged with 数字经济"


class TestTagField:
    """The default label, help text and error of taggit's field and manager."""

    def test_help_text_and_label_in_chinese(self):
        """A TaggableManager left with taggit's defaults explains itself in Chinese."""
        manager = TaggableManager()
        with translation.override("zh-hans"):
            assert str(manager.verbose_name) == "标签"
            assert str(manager.help_text) == "多个标签用逗号分隔。"

    def test_help_text_in_english(self):
        """The same defaults in English."""
        manager = TaggableManager()
        with translation.override("en"):
            assert str(manager.help_text) == "A comma-separated list of tags."

    def test_unparseable_input_is_refused_in_chinese(self, monkeypatch):
        """TagField's own error, raised when taggit cannot parse the input."""

        def refuse(value):
            raise ValueError(value)

        monkeypatch.setattr("taggit.forms.parse_tags", refuse)
        with translation.override("zh-hans"), pytest.raises(Exception) as refused:
            TagField().clean("a, b")
        assert refused.value.messages == ["请输入以逗号分隔的标签。"]


# --- django-filter --------------------------------------------------------------------------


@pytest.mark.django_db
class TestFilterInterface:
    """Date ranges, yes/no choices, help texts, lookups and ordering in either language."""

    def test_date_range_choices_in_chinese(self):
        """DateRangeFilter offers 今天 … 今年, as a Chinese CMS would."""
        with translation.override("zh-hans"):
            labels = [str(label) for _, label in django_filters.DateRangeFilter.choices]
        assert labels == ["今天", "昨天", "过去 7 天", "本月", "今年"]

    def test_date_range_choices_in_english(self):
        """The same choices in English."""
        with translation.override("en"):
            labels = [str(label) for _, label in django_filters.DateRangeFilter.choices]
        assert labels == ["Today", "Yesterday", "Past 7 days", "This month", "This year"]

    def test_rendered_form_in_chinese(self):
        """The printed form: date ranges, 未知/是/否, the CSV help text, a lookup label."""
        with translation.override("zh-hans"):
            page = rendered_filter_form()
        for text in (
            ">今天</option>",
            ">过去 7 天</option>",
            ">未知</option>",
            ">是</option>",
            ">否</option>",
            "多个值用逗号分隔。",
            "发布时间 年份 大于",  # the field's name, then django-filter's lookup words
        ):
            assert text in page, text
        for english in ("Past 7 days", ">Yes<", "Multiple values", "is greater than"):
            assert english not in page, english

    def test_rendered_form_in_english(self):
        """The same form in English."""
        with translation.override("en"):
            page = rendered_filter_form()
        for text in (
            ">Past 7 days</option>",
            ">Unknown</option>",
            ">Yes</option>",
            ">No</option>",
            "Multiple values may be separated by commas.",
            "Publication time year is greater than",
        ):
            assert text in page, text
        assert "是" not in page

    def test_ordering_in_either_language(self):
        """OrderingFilter's label and its "(descending)" choices.

        django-filter builds the choices when the filter is created, so one declared in a
        FilterSet's class body keeps the language active at import; a page that offers
        ordering must build it per request (or give field_labels for both directions).
        """
        with translation.override("zh-hans"):
            order = django_filters.OrderingFilter(fields=["title"], field_labels={"title": "标题"})
            assert str(order.label) == "排序"
            assert ("-title", "标题（降序）") in order.extra["choices"]
        with translation.override("en"):
            order = django_filters.OrderingFilter(fields=["title"])
            assert str(order.label) == "Ordering"
            assert ("-title", "Title (descending)") in order.extra["choices"]


# --- The admin ------------------------------------------------------------------------------


@pytest.mark.django_db
class TestTagAdmin:
    """Editors see taggit's admin in Chinese."""

    def test_index_names_the_tag_app_in_chinese(self, admin_client):
        """The admin index heads taggit's section 标签, not 标签项 or Taggit."""
        page = admin_client.get("/admin/").content.decode()
        section = 'href="/admin/taggit/" class="section" title="在应用程序 标签 中的模型">标签</a>'
        assert section in page
        assert "标签项" not in page
        assert "Taggit" not in page

    def test_index_in_english_when_asked(self, admin_client):
        """An editor whose browser asks for English sees Taggit."""
        page = admin_client.get("/admin/", headers={"accept-language": "en"}).content.decode()
        assert 'title="Models in the Taggit application">Taggit</a>' in page

    def test_tag_changelist_is_chinese(self, admin_client):
        """The tag list: Django's sentence around taggit's plural name, columns too."""
        Tag.objects.create(name="数字经济")
        page = admin_client.get("/admin/taggit/tag/").content.decode()
        assert "选择 标签 来修改" in page
        assert "网址别名" in page
        assert "Select tag to change" not in page

    def test_merge_action_label_is_in_the_catalogue(self):
        """The catalogue holds the action's Chinese, ready for the admin to look it up."""
        with translation.override("zh-hans"):
            assert translation.gettext("Merge selected tags") == "合并所选标签"

    def test_merge_action_is_offered_in_chinese(self, admin_client):
        """The actions select offers 合并所选标签."""
        Tag.objects.create(name="数字经济")
        page = admin_client.get("/admin/taggit/tag/").content.decode()
        assert 'value="render_tag_form">合并所选标签</option>' in page


def test_the_merge_action_still_leads_to_taggits_merge_page(admin_client):
    """Our label sits on taggit's own action: choosing it still opens the merge form."""
    first, second = Tag.objects.create(name="武昌"), Tag.objects.create(name="武昌区")
    response = admin_client.post(
        "/admin/taggit/tag/",
        {"action": "render_tag_form", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert "merge-tags" in response["Location"] or "merge" in response["Location"]
