"""People, tags and stories for the benchmark, decided in Python from one seeded generator.

Nothing here touches the database: ``loading`` writes what these functions
return. The same seed, story count and load day give the same data.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import accumulate

from django.utils import timezone
from django.utils.text import slugify

from articles.demo.content import COPY
from articles.demo.generated import BYLINE_ORDER
from articles.demo.sample import SEED_FILE, parse_sample
from articles.models import Article, CreditVerb, Role

from . import words

SEED = "newsdesk-bench-find"
YEARS = 6
TAG_COUNT = 500
PAPER = "长江日报"
Status = Article.Status

# How many of each kind of person the desk has; writers are the first four.
STAFF = (
    (Role.REPORTER, 150), (Role.ALL_MEDIA_REPORTER, 30), (Role.INTERN, 20),
    (Role.CORRESPONDENT, 60), (Role.PHOTOGRAPHER, 30), (Role.EDITOR, 12),
)
WRITER_ROLES = {Role.REPORTER, Role.ALL_MEDIA_REPORTER, Role.INTERN}
# Tags per story: 0 to 5, two or three most often.
TAG_COUNT_WEIGHTS = (8, 17, 25, 22, 16, 12)
PHOTO_SIZES = ((6000, 4000), (4032, 3024), (3000, 2000), (1920, 1080), (1600, 1200))


class Zipf:
    """Draws from ``items`` with weight 1/rank**s: a few often, the long tail rarely."""

    def __init__(self, items, s=1.0):
        self.items = list(items)
        self.cum_weights = list(accumulate(1 / rank**s for rank in range(1, len(self.items) + 1)))

    def draw(self, rng):
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]


@dataclass(frozen=True)
class Person:
    name: str
    slug: str
    role: str
    organisation: str


def people(rng):
    """About 300 contributors, the most prolific first within each role."""
    surnames = Zipf(words.SURNAMES, s=0.9)
    taken, found = set(), []
    for role, count in STAFF:
        for _ in range(count):
            given = "".join(rng.choice(words.GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
            name = surnames.draw(rng) + given
            # Numbered like Contributor.unique_slug_for: people share names (同名同姓).
            slug, n = slugify(name, allow_unicode=True), 1
            while slug in taken:
                n += 1
                slug = f"{slugify(name, allow_unicode=True)}-{n}"
            taken.add(slug)
            organisation = "" if role == Role.CORRESPONDENT else PAPER
            found.append(Person(name, slug, role, organisation))
    return found


def tag_names():
    """TAG_COUNT tag names, in order of popularity."""
    names = dict.fromkeys([
        *words.HEAD_TAGS,
        *(tag for copy in COPY.values() for topic in copy.topics for tag in topic.tags),
        *words.PLACES, *words.KEYWORDS, *words.LANDMARKS,
    ])
    for keyword in words.KEYWORDS:
        for place in words.PLACES:
            if len(names) == TAG_COUNT:
                return list(names)
            names.setdefault(f"{place}{keyword}")
    return list(names)[:TAG_COUNT]


@dataclass
class PhotoSpec:
    """A photo for a story: one already in the library (its pk), or a new one (pk None)."""

    pk: int | None = None
    caption: str = ""
    alt_text: str = ""
    credit_contributor: int | None = None
    credit_role: str = ""
    credit_name: str = ""
    credit_verb: str = CreditVerb.TOOK
    size: tuple = (0, 0)
    taken_at: object = None


@dataclass
class StorySpec:
    fields: dict  # Article fields except the body and its rendering
    blocks: list  # ("p", text), ("h", subhead) or ("photo", index into photos)
    tags: list[int]
    bylines: list[tuple[int, str]]  # (contributor pk, role), in print order
    photos: list[PhotoSpec] = field(default_factory=list)


def _seed_paragraphs():
    story = parse_sample(SEED_FILE.read_text(encoding="utf-8"))
    return [text for kind, text in story.blocks if kind == "p"]


class StoryMaker:
    """Makes story number ``n`` from the shared generator, given the desk's rows."""

    def __init__(self, rng, *, now, sections, contributors, tags):
        self.rng, self.now = rng, now
        self.sections = sections  # Section rows, in words.SECTIONS order
        self.section_weights = [spec.weight for spec in words.SECTIONS]
        by_role = {}
        for contributor in contributors:
            by_role.setdefault(contributor.default_role, []).append(contributor)
        self.by_pk = {c.pk: c for c in contributors}
        self.writers = Zipf(
            [c for c in contributors if c.default_role in WRITER_ROLES], s=0.9
        )
        self.correspondents = Zipf(by_role[Role.CORRESPONDENT], s=0.9)
        self.photographers = Zipf(by_role[Role.PHOTOGRAPHER], s=0.8)
        self.editors = by_role[Role.EDITOR]
        self.tags = Zipf(tags, s=1.0)
        self.tag_by_name = {tag.name: tag for tag in tags}
        self.places = Zipf(words.PLACES, s=0.8)
        self.keywords = Zipf(words.KEYWORDS, s=1.1)
        self.landmarks = Zipf(words.LANDMARKS, s=1.0)
        self.streets = Zipf(words.STREETS, s=1.2)
        self.seed_paragraphs = _seed_paragraphs()
        self.short_ids = {"41c86c4e"}  # the sample story's address stays free
        self.library = []  # pks of photos already saved, for reuse

    def make(self):
        rng = self.rng
        index = rng.choices(range(len(self.sections)), weights=self.section_weights)[0]
        section, spec = self.sections[index], words.SECTIONS[index]
        copy = COPY[spec.copy]
        topic = rng.choice(copy.topics)
        status, publish_at, extra = self._state(section)
        public = status == Status.PUBLISHED and publish_at <= self.now
        day = timezone.localtime(publish_at or self.now)
        fill = {
            "place": self.places.draw(rng), "place2": self.places.draw(rng),
            "subject": topic.subject, "landmark": self.landmarks.draw(rng),
            "street": self.streets.draw(rng),
            "org": rng.choice(words.ORGS), "n": rng.randint(*topic.n),
            "month": day.month, "day": day.day, "last_month": (day.month - 2) % 12 + 1,
            "keywords": [self.keywords.draw(rng) for _ in range(3)],
        }
        fill["kw"] = fill["keywords"][0]
        if rng.random() < 0.7:
            title = topic.title.format(**fill)
        else:
            title = rng.choice(words.TITLES).format(**fill)
        photos = self._photos(publish_at) if rng.random() < 0.3 else []
        fields = {
            "short_id": self._short_id(),
            "title": title,
            "summary": self._sentence(rng.choice(words.ALL_SUMMARIES), fill),
            "kicker": rng.choice(words.KICKERS) if rng.random() < 0.08 else "",
            "subtitle": self._sentence(rng.choice(words.SUBTITLES), fill)
            if rng.random() < 0.08 else "",
            "section": section,
            "status": status,
            "publish_at": publish_at,
            "view_count": int(rng.lognormvariate(7, 1.2)) if public else 0,
            **extra,
            **self._repost(title),
        }
        return StorySpec(
            fields=fields,
            blocks=self._body(spec.copy, fill, len(photos)),
            tags=self._tags(topic, fill["place"]),
            bylines=self._bylines(bool(photos)),
            photos=photos,
        )

    def _short_id(self):
        while True:
            candidate = f"{self.rng.getrandbits(32):08x}"
            if candidate not in self.short_ids:
                self.short_ids.add(candidate)
                return candidate

    def _state(self, section):
        """Status, publication time and other workflow fields: 95 % public."""
        rng, now = self.rng, self.now
        # Recent years publish more: ages cluster towards now.
        age = timedelta(days=YEARS * 365 * rng.random() ** 1.25, minutes=rng.randint(1, 600))
        past = (now - age).replace(second=0, microsecond=0)
        editor = {"responsible_editor": rng.choice(self.editors)}
        draw = rng.random()
        if draw < 0.95:
            return Status.PUBLISHED, past, editor
        if draw < 0.96:  # scheduled
            ahead = timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 12))
            return Status.PUBLISHED, (now + ahead).replace(second=0, microsecond=0), editor
        if draw < 0.98:
            return Status.DRAFT, None, {}
        if draw < 0.995:
            return Status.SUBMITTED, None, {"review_level": rng.randrange(section.review_levels)}
        withdrawn_at = min(past + timedelta(hours=rng.randint(1, 48)), now)
        return Status.WITHDRAWN, past, {**editor, "withdrawn_at": withdrawn_at}

    def _repost(self, title):
        if self.rng.random() >= 0.2:
            return {}
        source, path = self.rng.choice(words.REPOST_SOURCES)
        author = self.rng.choice(words.SURNAMES) + self.rng.choice(words.GIVEN)
        return {
            "source_name": source,
            "source_url": f"https://www.example.com/{path}/{self.rng.getrandbits(40):x}.html",
            "original_author": author,
            "original_title": title,
            "repost_notice": words.REPOST_NOTICE.format(source=source),
        }

    def _sentence(self, template, fill):
        rng = self.rng
        return template.format_map({
            **fill,
            "kw": rng.choice(fill["keywords"]),
            "person": rng.choice(words.SURNAMES) + rng.choice(words.PERSON_TITLES),
            "a": rng.randint(3, 30), "b": rng.randint(120, 980),
            "c": rng.randint(12, 98) * 100, "pct": rng.randint(5, 45),
        })

    def _body(self, copy, fill, photo_count):
        """Paragraphs up to 1 500 to 4 000 characters, two to four subheads, photos placed."""
        rng = self.rng
        target = rng.randint(1500, 4000)
        paragraphs, length = [], 0
        if copy in ("jingji", "yaowen", "wenhua", "wuhan") and rng.random() < 0.04:
            # A few stories quote the sample story's paragraphs (武昌, 数字经济, 碳汇大厦...).
            paragraphs = rng.sample(self.seed_paragraphs, rng.randint(2, 5))
            length = sum(map(len, paragraphs))
        pool = (*words.SECTION_SENTENCES[copy], *words.GENERAL_SENTENCES)
        while length < target:
            sentences = [
                self._sentence(template, fill) for template in rng.sample(pool, rng.randint(2, 5))
            ]
            paragraphs.append("".join(sentences))
            length += len(paragraphs[-1])
        rng.shuffle(paragraphs)
        blocks = [("p", text) for text in paragraphs]
        subheads = rng.sample(words.SUBHEADS, rng.randint(2, 4))
        step = max(2, len(blocks) // (len(subheads) + 1))
        for number, subhead in reversed(list(enumerate(subheads, start=1))):
            blocks.insert(min(number * step, len(blocks)), ("h", subhead))
        # The lead photo heads the page; the others stand after a paragraph.
        for photo in range(photo_count - 1, 0, -1):
            blocks.insert(rng.randint(1, len(blocks)), ("photo", photo))
        return blocks

    def _tags(self, topic, place):
        rng = self.rng
        wanted = rng.choices(range(len(TAG_COUNT_WEIGHTS)), weights=TAG_COUNT_WEIGHTS)[0]
        chosen = {}
        for name in (*topic.tags, place):
            if rng.random() < 0.5 and name in self.tag_by_name:
                chosen[self.tag_by_name[name].pk] = None
        while len(chosen) < wanted:
            chosen[self.tags.draw(rng).pk] = None
        return list(chosen)[:wanted]

    def _bylines(self, has_photos):
        """One to four people: a writer, maybe more writers, a correspondent, a photographer."""
        rng = self.rng
        people = {self.writers.draw(rng).pk: None}
        if rng.random() < 0.4:
            people[self.writers.draw(rng).pk] = None
            if rng.random() < 0.3:
                people[self.writers.draw(rng).pk] = None
        if rng.random() < 0.3:
            people[self.correspondents.draw(rng).pk] = None
        if rng.random() < (0.5 if has_photos else 0.05):
            people[self.photographers.draw(rng).pk] = None
        credited = [self.by_pk[pk] for pk in list(people)[:4]]
        credited.sort(key=lambda c: BYLINE_ORDER.index(c.default_role))
        return [(c.pk, c.default_role) for c in credited]

    def _photos(self, publish_at):
        rng = self.rng
        taken = min(publish_at or self.now, self.now) - timedelta(hours=rng.randint(1, 30))
        photos = []
        for _ in range(rng.choices((1, 2, 3), weights=(50, 30, 20))[0]):
            if self.library and rng.random() < 0.08:
                reused = rng.choice(self.library)
                if reused not in {photo.pk for photo in photos}:
                    photos.append(PhotoSpec(pk=reused))
                    continue
            fill = {"place": self.places.draw(rng), "landmark": self.landmarks.draw(rng)}
            photo = PhotoSpec(
                caption=rng.choice(words.CAPTIONS).format(**fill),
                alt_text=rng.choice(words.CAPTIONS).format(**fill).rstrip("。"),
                size=rng.choice(PHOTO_SIZES),
                taken_at=taken.replace(second=0, microsecond=0),
            )
            if rng.random() < 0.8:
                photographer = self.photographers.draw(rng)
                photo.credit_contributor = photographer.pk
                photo.credit_role = photographer.default_role
            else:
                photo.credit_name, photo.credit_verb = rng.choice(words.OUTSIDE_CREDITS)
            photos.append(photo)
        return photos


def new_generator():
    return random.Random(SEED)  # noqa: S311 (repeatable, not secret)
