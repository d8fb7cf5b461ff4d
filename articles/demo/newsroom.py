"""The demo newsroom's sections and people, found again by slug on every run."""

from dataclasses import dataclass

from articles.models import Contributor, Role, Section

PAPER = "长江日报"


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    name: str
    review_levels: int
    description: str


SECTIONS = (
    SectionSpec("yaowen", "要闻", 3, "全市重要新闻与政务动态。"),
    SectionSpec("wuhan", "武汉", 2, "各区动态、城市建设与治理。"),
    SectionSpec("jingji", "经济", 2, "产业、企业、科技与营商环境。"),
    SectionSpec("wenhua", "文化", 1, "文旅、展览、非遗与城市记忆。"),
    SectionSpec("tiyu", "体育", 1, "赛事、球队与全民健身。"),
    SectionSpec("minsheng", "民生", 2, "就业、教育、医疗、出行与社区生活。"),
)


@dataclass(frozen=True)
class ContributorSpec:
    slug: str
    name: str
    role: str
    organisation: str = PAPER


# Invented people for the generated stories; the sample story brings its own.
CONTRIBUTORS = (
    ContributorSpec("chen-siyuan", "陈思远", Role.REPORTER),
    ContributorSpec("wang-haoran", "王浩然", Role.REPORTER),
    ContributorSpec("liu-yutong", "刘雨桐", Role.ALL_MEDIA_REPORTER),
    ContributorSpec("zhang-jingyi", "张静怡", Role.ALL_MEDIA_REPORTER),
    ContributorSpec("xu-mengqi", "许梦琪", Role.ALL_MEDIA_REPORTER),
    ContributorSpec("li-zihan", "李子涵", Role.INTERN),
    ContributorSpec("zhou-wenbo", "周文博", Role.INTERN),
    ContributorSpec("huang-zhiqiang", "黄志强", Role.CORRESPONDENT, ""),
    ContributorSpec("wu-jiaqi", "吴佳琪", Role.CORRESPONDENT, ""),
    ContributorSpec("zheng-kai", "郑凯", Role.PHOTOGRAPHER),
    ContributorSpec("sun-xiaochen", "孙晓晨", Role.PHOTOGRAPHER),
    ContributorSpec("ma-li", "马丽", Role.EDITOR),
    ContributorSpec("hu-wenjie", "胡文杰", Role.EDITOR),
    ContributorSpec("gao-yuan", "高远", Role.EDITOR),
)


def ensure_sections(specs=SECTIONS):
    """Sections by slug; existing ones are left as their editors made them."""
    sections = {}
    for order, spec in enumerate(specs, start=1):
        sections[spec.slug], _created = Section.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "order": order,
                "review_levels": spec.review_levels,
                "description": spec.description,
            },
        )
    return sections


def ensure_contributors(specs):
    """Contributors by slug; existing ones are left untouched."""
    existing = Contributor.objects.in_bulk([spec.slug for spec in specs], field_name="slug")
    for spec in specs:
        if spec.slug not in existing:
            existing[spec.slug] = Contributor.objects.create(
                slug=spec.slug, name=spec.name, organisation=spec.organisation,
                default_role=spec.role,
            )
    return existing
