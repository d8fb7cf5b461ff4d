"""Writing the benchmark's data: in bulk, one transaction per batch, no per-row signals.

What is loaded is recorded in a comment on the database (``COMMENT ON
DATABASE``): invisible to the site and kept across runs. It says "loading"
until a load has finished, so an interrupted load is never mistaken for a
complete one, yet is known as the benchmark's own, to be replaced.
"""

import hashlib
import time
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Least, Now
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.markup import compose, stored_rendering
from articles.models import (
    Article,
    ArticlePhoto,
    Byline,
    Contributor,
    Photo,
    Section,
    TaggedArticle,
)
from articles.search import rebuild_index
from photos import renditions

from . import words
from .stories import SEED, StoryMaker, new_generator, people, tag_names

# Bump when what is generated changes: the next run then loads the data again.
DATA_VERSION = 1
MARKER_PREFIX = "newsdesk bench_find data"
BATCH_SIZE = 1000


def marker_for(stories):
    return f"{MARKER_PREFIX} v{DATA_VERSION}: {stories} stories"


def read_marker():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname = current_database()"
        )
        return cursor.fetchone()[0] or ""


def _write_marker(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = connection.ops.quote_name(cursor.fetchone()[0])
        # COMMENT takes a literal, not a bound parameter; Django binds on the client.
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [text])  # noqa: S608


def is_loaded(stories):
    return read_marker() == marker_for(stories) and Article.objects.count() == stories


def holds_other_stories():
    """Whether the database has stories this benchmark did not load (and must not delete)."""
    return Article.objects.exists() and not read_marker().startswith(MARKER_PREFIX)


def _clear():
    tables = [model._meta.db_table for model in (Article, Photo, Contributor, Section, Tag)]
    with connection.cursor() as cursor:
        # CASCADE takes every row that points at these (bylines, taggings, search entries).
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def _digest(kind, number):
    return hashlib.sha256(f"{SEED}:{kind}:{number}".encode()).hexdigest()


def rendition_record(key, size):
    """The record ``renditions.make`` would keep for a picture of ``size`` (no files)."""
    crops = {}
    for crop in renditions.CROPS.values():
        left, top, right, bottom = renditions.crop_box(size, crop.ratio, None)
        items = []
        for width in renditions.widths_for(crop, right - left):
            item = {"w": width, "h": max(1, round(width * (bottom - top) / (right - left)))}
            for fmt, extension in renditions.EXTENSIONS.items():
                item[fmt] = f"renditions/{key[:2]}/{key}/{crop.slug}-{width}.{extension}"
            items.append(item)
        crops[crop.slug] = items
    return {"key": key, "spec": renditions.SPEC_VERSION, "crops": crops}


def _photo(spec, number):
    key = _digest("rendition", number)[:16]
    width, height = spec.size
    return Photo(
        image=f"originals/{spec.taken_at:%Y/%m}/{key}.jpg",
        original_filename=f"DSC{number % 100000:05d}.JPG",
        file_format="JPEG",
        file_size=width * height // 3,
        checksum=_digest("file", number),
        width=width,
        height=height,
        rendition_key=key,
        renditions=rendition_record(key, spec.size),
        caption=spec.caption,
        alt_text=spec.alt_text,
        city="武汉",
        credit_contributor_id=spec.credit_contributor,
        credit_role=spec.credit_role,
        credit_name=spec.credit_name,
        credit_verb=spec.credit_verb,
        taken_at=spec.taken_at,
    )


def _save_batch(specs, maker):
    new = [photo for spec in specs for photo in spec.photos if photo.pk is None]
    first = len(maker.library)
    saved = Photo.objects.bulk_create(
        [_photo(photo, first + number) for number, photo in enumerate(new)]
    )
    for photo, row in zip(new, saved, strict=True):
        photo.pk = row.pk
    maker.library.extend(row.pk for row in saved)

    articles = []
    for spec in specs:
        ids = [photo.pk for photo in spec.photos]
        body = compose((kind, ids[value] if kind == "photo" else value)
                       for kind, value in spec.blocks)
        html, toc = stored_rendering(body)
        articles.append(Article(**spec.fields, body=body, body_html=html, body_toc=toc))
    Article.objects.bulk_create(articles)

    pairs = list(zip(articles, specs, strict=True))
    Byline.objects.bulk_create(
        Byline(article=article, contributor_id=pk, role=role, order=order)
        for article, spec in pairs for order, (pk, role) in enumerate(spec.bylines)
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=article, tag_id=pk)
        for article, spec in pairs for pk in spec.tags
    )
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(article=article, photo_id=photo.pk, is_lead=order == 0, order=order)
        for article, spec in pairs for order, photo in enumerate(spec.photos)
    )


def _desk():
    sections = Section.objects.bulk_create(
        Section(slug=spec.slug, name=spec.name, review_levels=spec.review_levels, order=order)
        for order, spec in enumerate(words.SECTIONS, start=1)
    )
    contributors = Contributor.objects.bulk_create(
        Contributor(name=p.name, slug=p.slug, default_role=p.role, organisation=p.organisation)
        for p in people(new_generator())
    )
    tags = Tag.objects.bulk_create(
        Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in tag_names()
    )
    return sections, contributors, tags


def _backdate():
    """Creation and upload times as the desk would have them, not the moment of loading."""
    published = Least(Coalesce("publish_at", Now()), Now())
    Article.objects.update(created_at=published - timedelta(hours=3), updated_at=published)
    Photo.objects.update(uploaded_at=Least(F("taken_at") + timedelta(hours=1), Now()))


def load(stories, log):
    """Replace the benchmark's data with ``stories`` stories; return seconds per stage."""
    seconds, started = {}, time.perf_counter()
    # Ours but unfinished: a later run may delete it, and never reuses it.
    _write_marker(f"{MARKER_PREFIX}: loading")
    _clear()
    with transaction.atomic():
        sections, contributors, tags = _desk()
    maker = StoryMaker(new_generator(), now=timezone.now(), sections=sections,
                       contributors=contributors, tags=tags)
    for start in range(0, stories, BATCH_SIZE):
        specs = [maker.make() for _ in range(min(BATCH_SIZE, stories - start))]
        with transaction.atomic():
            _save_batch(specs, maker)
        done = start + len(specs)
        if done % (10 * BATCH_SIZE) == 0 or done == stories:
            log(f"  {done:>7,} stories  {time.perf_counter() - started:6.0f} s")
    seconds["stories"] = time.perf_counter() - started

    log("  search index (rebuild_index)...")
    mark = time.perf_counter()
    rebuild_index()
    seconds["search index (rebuild_index)"] = time.perf_counter() - mark

    mark = time.perf_counter()
    _backdate()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds["dates and VACUUM ANALYZE"] = time.perf_counter() - mark
    _write_marker(marker_for(stories))
    seconds["total"] = time.perf_counter() - started
    return seconds
