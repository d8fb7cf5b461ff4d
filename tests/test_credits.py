"""Credits print as the newspaper prints them, and read back from how desks type them."""

import pytest
from django.template import Context, Template
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from articles.credits import (
    Credit,
    byline_line,
    credit_of,
    credit_parts,
    parse_credit,
    photo_credit,
    print_credit,
)
from articles.models import CreditVerb, Photo, Role
from articles.models.contributors import PRINTED_ROLE_WORDS
from articles.templatetags.newsdesk_tags import linked_photo_credit

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
        "name, verb, expected",
        [
            ("受访者", "供图", "受访者 供图"),
            ("新华社", "发", "新华社发"),
            ("新华社", "资料图", "新华社资料图"),
            ("视觉中国", "", "视觉中国"),
        ],
    )
    def test_free_names_with_other_verbs(self, name, verb, expected):
        """供图 is set off by a space like 摄; 发 and 资料图 run on; no verb prints the name."""
        assert photo_credit(PhotoFactory.build(credit_name=name, credit_verb=verb)) == expected

    def test_correspondent(self):
        """A credited role overrides the contributor's own."""
        photo = PhotoFactory.build(
            credit_contributor=ContributorFactory(name="吴迪"), credit_role="correspondent"
        )
        assert photo_credit(photo) == "通讯员吴迪 摄"

    def test_agency_reporter(self):
        """The organisation prints before the role: 新华社记者李涛 摄."""
        photo = PhotoFactory.build(
            credit_organisation="新华社", credit_role="reporter", credit_name="李涛"
        )
        assert photo_credit(photo) == "新华社记者李涛 摄"

    def test_file_photo_with_nobody_named(self):
        """资料图 stands alone: the one credit that prints without a name."""
        assert photo_credit(PhotoFactory.build(credit_verb="资料图")) == "资料图"

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


# Each convention as the paper prints it, and the credit it says.
PRINTED = [
    ("记者何晓刚 摄", Credit(role=Role.REPORTER, name="何晓刚")),
    ("通讯员吴迪 摄", Credit(role=Role.CORRESPONDENT, name="吴迪")),
    ("摄影记者李子云 摄", Credit(role=Role.PHOTOGRAPHER, name="李子云")),
    ("全媒体记者王五 摄", Credit(role=Role.ALL_MEDIA_REPORTER, name="王五")),
    ("实习生赵六 摄", Credit(role=Role.INTERN, name="赵六")),
    ("受访者 供图", Credit(name="受访者", verb=CreditVerb.PROVIDED)),
    ("新华社发", Credit(name="新华社", verb=CreditVerb.RELEASED)),
    ("新华社记者李涛 摄", Credit(organisation="新华社", role=Role.REPORTER, name="李涛")),
    ("资料图", Credit(verb=CreditVerb.FILE)),
    ("新华社资料图", Credit(name="新华社", verb=CreditVerb.FILE)),
    ("视觉中国", Credit(name="视觉中国", verb=CreditVerb.NONE)),
]


class TestPrintCredit:
    @pytest.mark.parametrize("printed, credit", PRINTED)
    def test_conventions(self, printed, credit):
        assert print_credit(credit) == printed

    @pytest.mark.parametrize(
        "credit", [Credit(), Credit(role=Role.REPORTER), Credit(verb=CreditVerb.NONE)]
    )
    def test_nobody_prints_nothing(self, credit):
        """A role with nobody in it is no credit: no bare 记者 摄 on the page."""
        assert print_credit(credit) == ""

    def test_file_photo_drops_a_role_with_nobody_in_it(self):
        assert print_credit(Credit(role=Role.REPORTER, verb=CreditVerb.FILE)) == "资料图"

    def test_with_role_and_with_verb_copy(self):
        """Credits are values: the helpers return a changed copy."""
        credit = Credit(name="何晓刚")
        assert credit.with_role(Role.PHOTOGRAPHER).with_verb(CreditVerb.PROVIDED) == Credit(
            role=Role.PHOTOGRAPHER, name="何晓刚", verb=CreditVerb.PROVIDED
        )
        assert credit == Credit(name="何晓刚")


class TestCreditOf:
    def test_contributor_with_their_own_role(self):
        he = ContributorFactory.build(name="李子云", default_role=Role.PHOTOGRAPHER)
        assert credit_of(Photo(credit_contributor=he)) == Credit(
            role=Role.PHOTOGRAPHER, name="李子云"
        )

    def test_credited_role_wins_over_the_contributors_own(self):
        he = ContributorFactory.build(name="吴迪", default_role=Role.REPORTER)
        photo = Photo(credit_contributor=he, credit_role=Role.CORRESPONDENT)
        assert credit_of(photo).role == Role.CORRESPONDENT

    def test_free_name_with_organisation(self):
        photo = Photo(credit_organisation="新华社", credit_role=Role.REPORTER,
                      credit_name="李涛", credit_verb=CreditVerb.TOOK)
        assert credit_of(photo) == Credit("新华社", Role.REPORTER, "李涛", CreditVerb.TOOK)

    def test_free_name_has_no_role_unless_credited(self):
        photo = Photo(credit_name="受访者", credit_verb=CreditVerb.PROVIDED)
        assert credit_of(photo) == Credit(name="受访者", verb=CreditVerb.PROVIDED)


class TestParseCredit:
    @pytest.mark.parametrize("printed, credit", PRINTED)
    def test_conventions(self, printed, credit):
        assert parse_credit(printed) == credit

    @pytest.mark.parametrize("printed", [printed for printed, _ in PRINTED])
    def test_prints_back_as_it_was_printed(self, printed):
        assert print_credit(parse_credit(printed)) == printed

    @pytest.mark.parametrize(
        "typed, printed",
        [
            ("记者何晓刚摄", "记者何晓刚 摄"),
            ("受访者供图", "受访者 供图"),
            ("新华社 发", "新华社发"),
            ("新华社 资料图", "新华社资料图"),
            ("记者何晓刚\u3000摄", "记者何晓刚 摄"),  # full-width space
            ("记者何晓刚\xa0摄", "记者何晓刚 摄"),  # no-break space
            ("记者何晓刚   摄", "记者何晓刚 摄"),
            ("  记者何晓刚 摄\n", "记者何晓刚 摄"),
            ("新华社记者 李涛 摄", "新华社记者李涛 摄"),
            ("（新华社发）", "新华社发"),
            ("(新华社发)", "新华社发"),
            ("（ 新华社记者李涛摄 ）", "新华社记者李涛 摄"),
            ("（资料图）", "资料图"),
        ],
    )
    def test_tolerated_variants(self, typed, printed):
        """Desks type spaces and brackets loosely; the credit read is the printed one."""
        assert parse_credit(typed) == parse_credit(printed)
        assert print_credit(parse_credit(typed)) == printed

    @pytest.mark.parametrize("blank", ["", "   ", "\u3000", "\xa0\n", "（）", "( )"])
    def test_blank_is_no_credit(self, blank):
        assert parse_credit(blank) is None

    def test_longest_role_word_wins(self):
        """摄影记者 and 全媒体记者 are roles of their own, not an organisation before 记者."""
        assert parse_credit("摄影记者李子云 摄").organisation == ""
        assert parse_credit("长江日报全媒体记者王五 摄") == Credit(
            organisation="长江日报", role=Role.ALL_MEDIA_REPORTER, name="王五"
        )

    def test_photography_alone_is_no_role(self):
        """摄影 is not a printed role word: the text stays a name."""
        assert parse_credit("摄影李涛 摄") == Credit(name="摄影李涛")

    def test_a_name_ending_in_fa_with_no_verb_reads_as_fa(self):
        """The documented ambiguity: an agency 王发 with no verb reads back with the verb 发."""
        printed = print_credit(Credit(name="王发", verb=CreditVerb.NONE))
        assert parse_credit(printed) == Credit(name="王", verb=CreditVerb.RELEASED)

    def test_brackets_only_around_the_whole_credit(self):
        assert parse_credit("(新华社)发") == Credit(name="(新华社)", verb=CreditVerb.RELEASED)


ROLE_WORDS = list(PRINTED_ROLE_WORDS.values())
VERB_WORDS = [verb.value for verb in CreditVerb if verb]

# CJK and ASCII letters, weighted towards the characters of role and verb words so
# that near misses (摄影, 记, 供, 资料) come up often.
_characters = st.one_of(
    st.sampled_from("".join(ROLE_WORDS + VERB_WORDS)),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(categories=["Lu", "Ll"], max_codepoint=0x7F),
)
_words = st.text(_characters, max_size=8).filter(
    lambda text: not any(word in text for word in ROLE_WORDS)
    and not text.endswith(tuple(VERB_WORDS))
)
credits = st.builds(
    Credit,
    organisation=_words,
    role=st.sampled_from(["", *Role.values]),
    name=_words,
    verb=st.sampled_from(list(CreditVerb)),
)


def printed_unambiguously(credit):
    """Whether no other credit prints the same text (see ``parse_credit``)."""
    role_word = PRINTED_ROLE_WORDS[credit.role] if credit.role else ""
    run_on = credit.organisation + role_word
    return (
        # Nobody named: only a bare 资料图 prints, with no role to lose.
        (credit.name or credit.organisation or (credit.verb == CreditVerb.FILE and not role_word))
        # An organisation is told from the name by the role word after it ...
        and (not credit.organisation or role_word)
        # ... which must not run into a longer one with the organisation's end (摄影 + 记者).
        and all(run_on.find(word) in (-1, len(credit.organisation)) or word == role_word
                for word in ROLE_WORDS)
    )


# The autouse fixtures only point settings at a temporary folder; pure functions
# never read it, so sharing one set-up across examples is harmless. Mutation
# testing runs the same test from a copied module (a "differing executor").
_property = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors]
)


class TestRoundTrip:
    @_property
    @given(credits)
    def test_parse_inverts_print(self, credit):
        assume(printed_unambiguously(credit))
        assert parse_credit(print_credit(credit)) == credit

    @_property
    @given(credits, st.sampled_from(["", " ", "\u3000", "\xa0"]), st.booleans())
    def test_desk_spacing_and_brackets_read_the_same(self, credit, space, bracketed):
        """Any space (or none) before the verb, and a bracket pair, change nothing."""
        assume(printed_unambiguously(credit))
        photo = Photo(credit_organisation=credit.organisation, credit_role=credit.role,
                      credit_name=credit.name, credit_verb=credit.verb)
        before, name, after = credit_parts(photo)
        typed = f"{before}{name}{space}{after.strip()}"
        if bracketed:
            typed = f"（{typed}）"
        assert parse_credit(typed) == credit


class TestCreditParts:
    @pytest.mark.parametrize(
        "fields, parts",
        [
            ({"credit_role": "reporter", "credit_name": "何晓刚"}, ("记者", "何晓刚", " 摄")),
            ({"credit_organisation": "新华社", "credit_role": "reporter", "credit_name": "李涛"},
             ("新华社记者", "李涛", " 摄")),
            ({"credit_name": "受访者", "credit_verb": "供图"}, ("", "受访者", " 供图")),
            ({"credit_name": "新华社", "credit_verb": "发"}, ("", "新华社", "发")),
            ({"credit_name": "视觉中国", "credit_verb": ""}, ("", "视觉中国", "")),
            ({"credit_verb": "资料图"}, ("", "", "资料图")),
            ({}, ("", "", "")),
        ],
    )
    def test_parts_join_into_the_printed_credit(self, fields, parts):
        photo = Photo(**fields)
        assert credit_parts(photo) == parts
        assert "".join(parts) == photo_credit(photo)


class TestLinkedPhotoCredit:
    def test_contributors_name_links_to_their_page(self):
        he = ContributorFactory(name="何晓刚", slug="he-xiaogang")
        photo = Photo(credit_contributor=he, credit_role=Role.REPORTER)
        rendered = Template("{% load newsdesk_tags %}{% linked_photo_credit photo %}").render(
            Context({"photo": photo})
        )
        assert rendered == f'记者<a href="{he.get_absolute_url()}">何晓刚</a> 摄'
        assert he.get_absolute_url() == "/people/he-xiaogang/"

    def test_hostile_contributor_name_is_escaped_inside_the_link(self):
        he = ContributorFactory(name="<script>alert(1)</script>")
        html = linked_photo_credit(Photo(credit_contributor=he))
        assert "<script>" not in html
        assert html == (f'记者<a href="{he.get_absolute_url()}">'
                        "&lt;script&gt;alert(1)&lt;/script&gt;</a> 摄")

    def test_free_name_is_escaped_plain_text(self):
        photo = Photo(credit_organisation="<b>社</b>", credit_role=Role.REPORTER,
                      credit_name='"李涛"&<i>')
        assert linked_photo_credit(photo) == (
            "&lt;b&gt;社&lt;/b&gt;记者&quot;李涛&quot;&amp;&lt;i&gt; 摄"
        )

    def test_agency_is_plain_text(self):
        photo = Photo(credit_name="新华社", credit_verb=CreditVerb.RELEASED)
        assert linked_photo_credit(photo) == "新华社发"

    def test_no_credit_renders_nothing(self):
        rendered = Template("{% load newsdesk_tags %}[{% linked_photo_credit photo %}]").render(
            Context({"photo": Photo()})
        )
        assert rendered == "[]"


class TestParserEdges:
    """Cases found by mutation testing: each pins one rule of the parser."""

    def test_runs_of_whitespace_inside_a_name_become_one_space(self):
        assert parse_credit("记者John \u3000 Smith 摄").name == "John Smith"

    @pytest.mark.parametrize("text", ["(（新华社发)", "(新华社)(发)", "(新华社发）)"])
    def test_brackets_are_dropped_only_when_one_pair_wraps_the_whole_credit(self, text):
        assert parse_credit(text).name == text
