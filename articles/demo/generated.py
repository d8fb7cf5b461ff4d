"""Generated demo stories: the same sixty every time, found again by short id.

``story_specs()`` decides everything about the stories without touching the
database, from one seeded random generator per story, so a story keeps its
text and address even if the others change. Only times move: they are laid
out relative to the moment of the first load, so the demo always looks fresh.
Each story then reaches its state through the workflow (see ``history``).
"""

import json
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from taggit.models import Tag

from articles import revisions
from articles.markup import compose
from articles.models import Article, ArticlePhoto, Byline, Correction, Role, TaggedArticle

from . import history
from .content import (
    COPY,
    CORRECTION,
    GENERAL_PARAGRAPHS,
    GENERAL_SUBHEADS,
    PHOTO_POOL,
    PLACES,
    REPOST_NOTICE,
    REPOST_SOURCES,
    SUMMARIES,
)
from .newsroom import CONTRIBUTORS, SECTIONS
from .photos import ensure_demo_photos

SEED = "newsdesk-demo"
Status = Article.Status

# Story numbers with a special fate; every other story is simply published.
# Sections take story numbers in turn (0 要闻 with three review levels, 1 武汉,
# 2 经济 and 5 民生 with two, 3 文化 and 4 体育 with one), so each fate below
# falls in a section that has the levels it needs.
DRAFTS = {4}
SENT_BACK = {23}
# Submitted and waiting at a review level: 1 (初审), 2 (复审) or 3 (终审).
WAITING = {9: 1, 52: 1, 41: 2, 30: 3}
SCHEDULED = {1}
EMBARGOED = {36}
WITHDRAWN = {17}
REPOSTS = {12, 37}
CORRECTED = {6, 45}

SEND_BACK_NOTE = "导语太长,请压缩到两句。"
WITHDRAW_NOTE = "文中一处数据与发布机构口径不一致,核实前先撤下。"

# How papers order a byline: staff first, then interns, then outside correspondents.
BYLINE_ORDER = [
    Role.REPORTER, Role.ALL_MEDIA_REPORTER, Role.PHOTOGRAPHER, Role.INTERN, Role.CORRESPONDENT
]
WRITERS = [c for c in CONTRIBUTORS if c.role in BYLINE_ORDER]
EDITORS = [c for c in CONTRIBUTORS if c.role == Role.EDITOR]


@dataclass
class StorySpec:
    number: int
    short_id: str
    section: str
    title: str
    summary: str
    body: list  # ("p", text), ("h", subhead) or ("photo", photo key)
    tags: list[str]
    writers: list[str]  # contributor slugs, in print order
    editor: str
    photos: list[str]  # photo keys, the lead first
    status: str
    publish_at: object = None  # planned: in the past, or still to come when scheduled
    view_count: int = 0
    repost: dict = field(default_factory=dict)
    correction: str = ""


def _status(number):
    if number in DRAFTS | SENT_BACK:
        return Status.DRAFT
    if number in WAITING:
        return Status.SUBMITTED
    if number in WITHDRAWN:
        return Status.WITHDRAWN
    return Status.PUBLISHED


def _local_day(now, days, hour):
    local = timezone.localtime(now) + timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _publish_at(number, count, rng, now):
    if number in SCHEDULED:
        return _local_day(now, 2, 8)
    if number in EMBARGOED:
        return _local_day(now, 1, 10)  # the embargo ends then, and the story goes out
    if number in DRAFTS | SENT_BACK | WAITING.keys():
        return None
    # Newest first, spread evenly over four weeks, never later than now.
    days_ago = number * 27 // count
    return (now - timedelta(days=days_ago, hours=rng.randint(0, 10),
                            minutes=rng.randint(5, 59))).replace(second=0, microsecond=0)


def _short_id(rng, taken):
    while True:
        candidate = f"{rng.getrandbits(32):08x}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _figures(rng):
    return {
        "a": rng.randint(3, 30), "b": rng.randint(120, 980),
        "c": rng.randint(12, 98) * 100, "pct": rng.randint(5, 45),
    }


def _body(rng, section, fill, body_photos):
    copy = COPY[section]
    subheads = rng.sample(copy.subheads + GENERAL_SUBHEADS, rng.choice((1, 2, 2, 3)))
    paragraphs = rng.sample(copy.paragraphs, 2) + rng.sample(GENERAL_PARAGRAPHS, 4)
    paragraphs = [p.format(**fill, **_figures(rng)) for p in paragraphs]
    body = [("p", paragraphs.pop(0)), ("p", paragraphs.pop(0))]
    photos = list(body_photos)
    body.append(("photo", photos.pop(0)))
    for index, subhead in enumerate(subheads):
        body.append(("h", subhead))
        body.append(("p", paragraphs.pop(0)))
        later_subheads = len(subheads) - index - 1
        # A second paragraph only while every later subhead still has one.
        if len(paragraphs) > later_subheads and rng.random() < 0.5:
            body.append(("p", paragraphs.pop(0)))
        if photos:
            body.append(("photo", photos.pop(0)))
    return body


def story_specs(now, count=60):
    """The generated stories, decided without touching the database."""
    sections = [s.slug for s in SECTIONS]
    taken = {"41c86c4e"}  # the sample story's address
    specs = []
    for number in range(count):
        rng = random.Random(f"{SEED}:{number}")  # noqa: S311 (repeatable, not secret)
        short_id = _short_id(rng, taken)
        section = sections[number % len(sections)]
        topics = COPY[section].topics
        topic = topics[(number // len(sections)) % len(topics)]
        place = rng.choice(PLACES)
        publish_at = _publish_at(number, count, rng, now)
        day = timezone.localtime(publish_at or now)
        fill = {
            "place": place, "subject": topic.subject, "n": rng.randint(*topic.n),
            "month": day.month, "day": day.day, "last_month": (day.month - 2) % 12 + 1,
        }
        suited = [p.key for p in PHOTO_POOL if section in p.sections]
        photos = rng.sample(suited, rng.choice((2, 3)))
        writers = rng.sample(WRITERS, rng.choice((1, 2, 2, 3)))
        writers.sort(key=lambda c: BYLINE_ORDER.index(c.role))
        status = _status(number)
        spec = StorySpec(
            number=number,
            short_id=short_id,
            section=section,
            title=topic.title.format(**fill),
            summary=rng.choice(SUMMARIES).format(**fill, **_figures(rng)),
            body=_body(rng, section, fill, photos[1:]),
            tags=[*topic.tags, *([place] if "{place}" in topic.title else [])],
            writers=[c.slug for c in writers],
            editor=rng.choice(EDITORS).slug,
            photos=photos,
            status=status,
            publish_at=publish_at,
            view_count=rng.randint(200, 20000),
        )
        if status in (Status.DRAFT, Status.SUBMITTED) or publish_at > now:
            spec.view_count = 0  # nobody has read it yet
        if number in REPOSTS:
            source, author, url = REPOST_SOURCES[len(specs) % len(REPOST_SOURCES)]
            spec.repost = {
                "source_name": source,
                "original_author": author,
                "original_title": spec.title,
                "source_url": url.format(short_id=short_id),
                "repost_notice": REPOST_NOTICE.format(source=source),
            }
        if number in CORRECTED:
            spec.correction = CORRECTION.format(**fill, **_figures(rng))
        specs.append(spec)
    return specs


def ensure_tags(names):
    """Tags by name, created once up front rather than looked up story by story."""
    tags = Tag.objects.in_bulk(list(names), field_name="name")
    for name in sorted(set(names) - set(tags)):
        tags[name] = Tag.objects.create(name=name)
    return tags


def _markup(body, photos):
    return compose(
        (kind, photos[value].pk if kind == "photo" else value) for kind, value in body
    )


def steps_for(spec, *, levels, editor, now):
    """How story ``spec`` reaches its state in a section with ``levels`` review levels."""
    number, at = spec.number, spec.publish_at
    # Stories still on the desk were handed in six to ten hours ago.
    start = now - timedelta(hours=6 + number % 5)
    if number in DRAFTS:
        return []
    if number in SENT_BACK:
        return history.sent_back(start, SEND_BACK_NOTE)
    if number in WAITING:
        return history.waiting(start, min(WAITING[number], levels))
    if number in SCHEDULED:
        return history.scheduled(start + 4 * history.STEP, at, levels, editor=editor)
    if number in EMBARGOED:
        return history.embargoed(start + 4 * history.STEP, at, levels, editor=editor)
    if number in WITHDRAWN:
        return history.withdrawn(at, levels, editor=editor, note=WITHDRAW_NOTE,
                                 withdrawn_at=min(at + timedelta(hours=5), now))
    return history.published(at, levels, editor=editor)


def _create(spec, *, sections, contributors, photos, tags, users, now):
    section = sections[spec.section]
    article = Article(
        short_id=spec.short_id,
        title=spec.title,
        summary=spec.summary,
        body=_markup(spec.body, photos),
        section=section,
        view_count=spec.view_count,
        created_by=users[history.AUTHOR],
        **spec.repost,
    )
    # The database enforces the constraints; validating them here costs queries per story.
    article.full_clean(validate_constraints=False)
    article.save()
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=article, tag=tags[name]) for name in dict.fromkeys(spec.tags)
    )
    Byline.objects.bulk_create(
        Byline(article=article, contributor=contributors[slug], order=order)
        for order, slug in enumerate(spec.writers)
    )
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(article=article, photo=photos[key], is_lead=order == 0, order=order)
        for order, key in enumerate(spec.photos)
    )
    steps = steps_for(spec, levels=section.review_levels,
                      editor=contributors[spec.editor], now=now)
    events = history.replay(article, steps, users)
    if spec.correction:
        correction = Correction.objects.create(
            article=article, text=spec.correction, created_by=users["editor"],
            published_at=min(now, spec.publish_at + timedelta(hours=6)),
        )
        # Added as the admin adds one: the save is kept as a revision.
        revisions.record(article, by=users["editor"], at=correction.published_at, comment=(
            json.dumps([{"added": {"name": "correction", "object": str(correction)}}])
        ))
    return article, events


def load_generated(*, sections, contributors, users, photo_size, count=60, now=None):
    """Create the generated stories that do not exist yet; return how many were created."""
    now = now or timezone.now()
    specs = story_specs(now, count)
    existing = set(
        Article.objects.filter(short_id__in=[s.short_id for s in specs])
        .values_list("short_id", flat=True)
    )
    missing = [spec for spec in specs if spec.short_id not in existing]
    if not missing:
        return 0
    photos, _created = ensure_demo_photos(
        PHOTO_POOL, contributors, size=photo_size, uploaded_by=users["photographer"]
    )
    tags = ensure_tags({name for spec in missing for name in spec.tags})
    articles, events = [], []
    for spec in missing:
        article, logged = _create(spec, sections=sections, contributors=contributors,
                                  photos=photos, tags=tags, users=users, now=now)
        articles.append(article)
        events += logged
    history.save_dates(articles, events)
    return len(missing)
