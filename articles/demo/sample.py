"""The sample story, read from ``articles/seed/wuchang-2024-01-20.txt`` and structured.

The file is a story as a portal printed it. Its text is kept verbatim; the
rules below only decide which line is which part of the story. They know this
one file (its subheads and captions are listed here); reading any story in
these conventions is the importer's job, a later issue.

1. Lines are stripped; blank lines only separate them. Lines before the
   headline and unrecognised lines after the body (目录, 发布评论, QR-code
   prompts...) are the portal's page chrome and are dropped.
2. ``【2024.01.20】headline``: the bracketed date is the portal's habit; the
   rest is the title.
3. The next line is source, date and view count run together:
   ``斑马头条武汉2024-01-201430``.
4. The next line is the summary, which the portal prefixes with the headline;
   the prefix is removed, the rest kept (down to its final ``...``).
5. A line equal to the headline once punctuation is ignored is the portal
   repeating it, and is dropped.
6. Body, up to the fact box: a line in ``SUBHEADS`` becomes ``## subhead``; a
   line starting with a caption in ``PHOTOS`` is that photo, placed there as
   ``[photo:ID]``, with any credit after it (``记者何晓刚 摄``) parsed; every
   other line is a paragraph.
7. Fact box: a line ``数读【…】`` is its title, the next its period, then every
   ``●`` line an item.
8. After it: the byline line (``长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟``, a
   stray closing bracket dropped). The organisation printed first is the
   paper's, and belongs to its staff; correspondents (通讯员) work elsewhere and
   get none. Then ``【编辑:name】`` (responsible editor), the repost notice
   (``本文转载自…``) and the permalink, whose 8-hex id becomes the short id.

What the newsroom adds, because its publish checklist asks for it: the story
came to us from the portal, so the portal's page (the permalink) is the
original's address and the printed byline its original author; and the four
photos the portal printed without a credit are credited to the paper the
story is from (``长江日报 供图``), the one thing the source does tell us.
The story then goes through the same review as every story (see ``history``)
and is dated to its real day.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from articles.markup import compose
from articles.models import Article, ArticlePhoto, Byline, CreditVerb, FactBox, Role

from . import history
from .newsroom import ContributorSpec, ensure_contributors
from .photos import PhotoSpec, ensure_demo_photos

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "wuchang-2024-01-20.txt"
NEWSROOM_TZ = ZoneInfo("Asia/Shanghai")
# The portal shows only the day; a morning edition time stands in for the hour.
PUBLISHED_AT = time(8, 30)
SECTION_SLUG = "wuhan"
TAGS = ("武昌区", "数字经济", "双碳", "两会", "文旅")

SUBHEADS = (
    "130多家数字经济核心企业聚集",
    "一年招引200多家涉碳机构企业",
    "打造更加宜居韧性智慧的现代城区",
)
# caption -> alt text, in the order the photos stand in the text.
PHOTOS = {
    "武汉市人大代表、武昌区委书记余松(左)做客长江日报两会直播间。":
        "余松(左)在长江日报两会直播间的访谈台前与主持人交谈",
    "武昌滨江数创走廊。": "长江边武昌滨江数创走廊的一排现代办公楼",
    "碳汇大厦。": "武昌区中北路上的碳汇大厦外景",
    "昙华林历史文化街区": "昙华林历史文化街区的老街巷与历史建筑",
    "武昌区持续塑造发展新动能新优势。": "武昌区城区与长江岸线的全景",
}
# Pinyin slugs for the people named in the sample, so their pages have readable addresses.
SLUGS = {
    "杨蔚": "yang-wei",
    "覃柳玮": "qin-liuwei",
    "吴迪": "wu-di",
    "刘方舟": "liu-fangzhou",
    "何晓刚": "he-xiaogang",
    "赵可": "zhao-ke",
}

ROLE_BY_WORD = {Role(role).printed: Role(role) for role in Role.values}
# Longest first, so 全媒体记者 and 摄影记者 are not read as 记者.
_ROLE_WORDS = "|".join(sorted(map(re.escape, ROLE_BY_WORD), key=len, reverse=True))
_VERBS = "|".join(map(re.escape, CreditVerb.values))

HEADLINE = re.compile(r"^【\d{4}\.\d{2}\.\d{2}】(?P<title>.+)$")
SOURCE_DATE_VIEWS = re.compile(r"^(?P<source>\D+?)(?P<date>\d{4}-\d{2}-\d{2})(?P<views>\d+)$")
CREDIT = re.compile(rf"^(?P<role>{_ROLE_WORDS})(?P<name>\S+?)\s*(?P<verb>{_VERBS})$")
FACT_BOX_TITLE = re.compile(r"^数读【.+】$")
FACT_BOX_ITEM = "●"
BYLINE_SPLIT = re.compile(rf"({_ROLE_WORDS})")
EDITOR = re.compile(r"^【编辑[::](?P<name>.+)】$")
REPOST_NOTICE = re.compile(r"^本文转载自")
PERMALINK = re.compile(r"(?P<url>https?://\S+/post/(?P<short_id>[0-9a-f]{8})\.html)$")


class SampleFormatError(ValueError):
    """The seed file does not read as the sample's conventions say."""


@dataclass(frozen=True)
class ParsedPhoto:
    caption: str
    credit_role: str = ""
    credit_name: str = ""
    credit_verb: str = ""


@dataclass(frozen=True)
class ParsedByline:
    name: str
    role: Role
    organisation: str


@dataclass
class SampleStory:
    title: str = ""
    source_name: str = ""
    published_on: date | None = None
    view_count: int = 0
    summary: str = ""
    # ("p", text), ("h", subhead) or ("photo", index into photos)
    blocks: list = field(default_factory=list)
    photos: list[ParsedPhoto] = field(default_factory=list)
    fact_box_title: str = ""
    fact_box_period: str = ""
    fact_box_items: list[str] = field(default_factory=list)
    bylines: list[ParsedByline] = field(default_factory=list)
    byline_text: str = ""  # the byline line as printed
    editor_name: str = ""
    repost_notice: str = ""
    short_id: str = ""
    permalink: str = ""

    @property
    def organisation(self):
        return next((b.organisation for b in self.bylines if b.organisation), "")


def _without_punctuation(text):
    return "".join(c for c in text if not unicodedata.category(c).startswith(("P", "Z")))


def _photo_in(line):
    for caption in PHOTOS:
        if line == caption:
            return ParsedPhoto(caption)
        if line.startswith(caption):
            credit = CREDIT.match(line[len(caption):].strip())
            if credit:
                return ParsedPhoto(
                    caption, ROLE_BY_WORD[credit["role"]], credit["name"], credit["verb"]
                )
    return None


def _byline_text(line):
    return line.strip().rstrip(")）")


def parse_byline_line(line):
    """``长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟`` as people in print order."""
    parts = BYLINE_SPLIT.split(_byline_text(line))
    organisation, bylines = parts[0].strip(), []
    for word, names in zip(parts[1::2], parts[2::2], strict=True):
        role = ROLE_BY_WORD[word]
        org = "" if role == Role.CORRESPONDENT else organisation
        bylines.extend(ParsedByline(name, role, org) for name in names.split())
    return bylines


def parse_sample(text):
    """The sample's parts, by the rules in this module's docstring."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    story = SampleStory()
    start = next((i for i, line in enumerate(lines) if HEADLINE.match(line)), None)
    if start is None or start + 2 >= len(lines):
        raise SampleFormatError("No 【YYYY.MM.DD】 headline followed by source and summary.")
    story.title = HEADLINE.match(lines[start])["title"]

    meta = SOURCE_DATE_VIEWS.match(lines[start + 1])
    if not meta:
        raise SampleFormatError(f"Not source, date and views: {lines[start + 1]!r}")
    story.source_name = meta["source"]
    story.published_on = date.fromisoformat(meta["date"])
    story.view_count = int(meta["views"])
    story.summary = lines[start + 2].removeprefix(story.title).strip()

    rest = iter(lines[start + 3:])
    repeated_title = _without_punctuation(story.title)
    for line in rest:
        if _without_punctuation(line) == repeated_title:
            continue
        if FACT_BOX_TITLE.match(line):
            story.fact_box_title = line
            story.fact_box_period = next(rest, "")
            break
        if line in SUBHEADS:
            story.blocks.append(("h", line))
        elif photo := _photo_in(line):
            story.blocks.append(("photo", len(story.photos)))
            story.photos.append(photo)
        else:
            story.blocks.append(("p", line))

    for line in rest:
        if line.startswith(FACT_BOX_ITEM):
            story.fact_box_items.append(line)
        elif not story.bylines:
            story.bylines = parse_byline_line(line)
            story.byline_text = _byline_text(line)
        elif editor := EDITOR.match(line):
            story.editor_name = editor["name"]
        elif REPOST_NOTICE.match(line):
            story.repost_notice = line
        elif permalink := PERMALINK.search(line):
            story.short_id = permalink["short_id"]
            story.permalink = permalink["url"]

    missing = [
        name for name in ("fact_box_title", "bylines", "editor_name", "short_id")
        if not getattr(story, name)
    ]
    if missing:
        raise SampleFormatError(f"The sample has no {', '.join(missing)}.")
    return story


def _slug(name):
    return SLUGS.get(name) or slugify(name, allow_unicode=True)


def _people(story):
    specs = {}
    for byline in story.bylines:
        specs[byline.name] = ContributorSpec(
            _slug(byline.name), byline.name, byline.role, byline.organisation
        )
    for photo in story.photos:
        if photo.credit_name:
            specs.setdefault(photo.credit_name, ContributorSpec(
                _slug(photo.credit_name), photo.credit_name, photo.credit_role,
                story.organisation,
            ))
    specs.setdefault(story.editor_name, ContributorSpec(
        _slug(story.editor_name), story.editor_name, Role.EDITOR, story.organisation
    ))
    return specs


def _credit(photo, people, organisation):
    """The photo's printed credit, or the paper's ``供图`` where the portal printed none."""
    if photo.credit_name:
        return {"credit_slug": people[photo.credit_name].slug,
                "credit_role": photo.credit_role,
                "credit_verb": photo.credit_verb or CreditVerb.TOOK}
    return {"credit_name": organisation, "credit_verb": CreditVerb.PROVIDED}


def load_sample(*, sections, users, photo_size, path=SEED_FILE):
    """Create the sample story unless its short id exists; return (article, created).

    ``users`` are the demo logins by username: the reporter files the story and
    the reviewers of its section approve and publish it.
    """
    story = parse_sample(path.read_text(encoding="utf-8"))
    existing = Article.objects.filter(short_id=story.short_id).first()
    if existing:
        return existing, False

    people = _people(story)
    contributors = ensure_contributors(list(people.values()))
    by_name = {name: contributors[spec.slug] for name, spec in people.items()}

    photo_specs = [
        PhotoSpec(
            key=f"{story.short_id}-{number}",
            caption=photo.caption,
            alt_text=PHOTOS[photo.caption],
            **_credit(photo, people, story.organisation),
        )
        for number, photo in enumerate(story.photos, start=1)
    ]
    photos, _created = ensure_demo_photos(photo_specs, contributors, size=photo_size)
    photo_ids = [photos[spec.key].pk for spec in photo_specs]

    body = compose(
        (kind, photo_ids[value] if kind == "photo" else value) for kind, value in story.blocks
    )

    article = Article(
        short_id=story.short_id,
        title=story.title,
        summary=story.summary,
        body=body,
        section=sections[SECTION_SLUG],
        source_name=story.source_name,
        source_url=story.permalink,
        original_author=story.byline_text,
        original_title=story.title,
        repost_notice=story.repost_notice,
        view_count=story.view_count,
        created_by=users[history.AUTHOR],
    )
    article.full_clean()
    article.save()
    article.tags.add(*TAGS)
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(article=article, photo_id=photo_id, is_lead=order == 0, order=order)
        for order, photo_id in enumerate(photo_ids)
    )
    Byline.objects.bulk_create(
        Byline(article=article, contributor=by_name[b.name], role=b.role, order=order)
        for order, b in enumerate(story.bylines)
    )
    FactBox.objects.create(
        article=article, title=story.fact_box_title, period=story.fact_box_period,
        items="\n".join(story.fact_box_items),
    )
    at = datetime.combine(story.published_on, PUBLISHED_AT, tzinfo=NEWSROOM_TZ)
    steps = history.published(at, article.section.review_levels,
                              editor=by_name[story.editor_name])
    history.save_dates([article], history.replay(article, steps, users))
    return article, True
