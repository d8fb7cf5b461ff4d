"""Credits print as the newspaper prints them."""

import pytest

from articles.credits import byline_line, photo_credit

from .factories import ArticleFactory, BylineFactory, ContributorFactory, PhotoFactory

pytestmark = pytest.mark.django_db


class TestPhotoCredit:
    def test_staff_photographer(self):
        """The sample's credit: role, name, a space, 摄."""
        photo = PhotoFactory.build(
            credit_contributor=ContributorFactory(name="何晓刚"), credit_role="reporter"
        )
        assert photo_credit(photo) == "记者何晓刚 摄"

    def test_role_defaults_to_the_contributors_own(self):
        """Without a credited role the contributor's default role prints."""
        photo = PhotoFactory.build(
            credit_contributor=ContributorFactory(name="李子云", default_role="photographer")
        )
        assert photo_credit(photo) == "摄影记者李子云 摄"

    @pytest.mark.parametrize(
        "name, verb, expected", [("受访者", "供图", "受访者供图"), ("新华社", "发", "新华社发")]
    )
    def test_free_names_with_other_verbs(self, name, verb, expected):
        """供图 and 发 follow the name directly, as in print."""
        assert photo_credit(PhotoFactory.build(credit_name=name, credit_verb=verb)) == expected

    def test_no_credit(self):
        """A photo nobody is credited for prints no credit at all."""
        assert photo_credit(PhotoFactory.build()) == ""


class TestBylineLine:
    def test_sample_byline(self):
        """长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟: organisation once, roles grouped."""
        article = ArticleFactory()
        for order, (name, org, role) in enumerate(
            [
                ("杨蔚", "长江日报", "reporter"),
                ("覃柳玮", "长江日报", "reporter"),
                ("吴迪", "", "correspondent"),
                ("刘方舟", "", "correspondent"),
            ]
        ):
            BylineFactory(
                article=article, order=order,
                contributor=ContributorFactory(name=name, organisation=org, default_role=role),
            )
        assert byline_line(article.bylines.all()) == "长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟"

    def test_organisation_repeats_only_when_it_changes(self):
        """A second organisation is printed; the same one again is not."""
        article = ArticleFactory()
        people = [
            ("张三", "长江日报", "reporter"),
            ("李四", "长江日报", "intern"),
            ("王五", "新华社", "reporter"),
        ]
        for order, (name, org, role) in enumerate(people):
            BylineFactory(
                article=article, order=order, role=role,
                contributor=ContributorFactory(name=name, organisation=org),
            )
        assert byline_line(article.bylines.all()) == "长江日报记者张三 实习生李四 新华社记者王五"

    def test_no_bylines(self):
        """A story without bylines prints an empty line."""
        assert byline_line([]) == ""


def test_editor_line():
    """The responsible editor prints in full-width brackets with an ASCII colon, as sampled."""
    from articles.credits import editor_line

    assert editor_line(ContributorFactory.build(name="赵可")) == "【编辑:赵可】"


def test_byline_groups_keep_people_for_links():
    """Groups carry the bylines themselves, so pages can link each name."""
    from articles.credits import byline_groups

    article = ArticleFactory()
    first = BylineFactory(article=article, contributor__name="杨蔚", role="reporter")
    second = BylineFactory(article=article, contributor__name="吴迪", role="correspondent",
                           contributor__organisation="")
    groups = byline_groups(article.bylines.all())
    assert [(g.prefix, g.bylines) for g in groups] == [
        ("长江日报记者", (first,)), ("通讯员", (second,))
    ]
