"""A story's revisions: what each save kept, read back as a snapshot, and restored.

django-reversion stores the story and its parts (bylines, photos in the story,
fact boxes, corrections, tag links) as ``Version`` rows of one ``Revision``;
``StoryRevision`` says which story, version and workflow step they are and
keeps the names of the shared things the parts point to, as they were then.

Reversion's automatic capture (a revision around a request, filled by
``post_save``) would catch the story mid-save: the old lead photo before the
photo formset moves it, say. So nothing is captured automatically: every door
that changes a story (the admin, ``workflow._apply``, the demo, ``restore``)
calls ``record()`` once its change is complete, inside its own transaction.

Shared objects (contributors, photos, tags, sections) are never followed: a
story's restore must never change a person, a picture or a tag other stories use.
"""

import json
from collections import defaultdict
from datetime import UTC, datetime

import reversion
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateTimeField, Prefetch
from django.db.models.signals import pre_delete
from django.utils.translation import gettext
from reversion.models import Revision, Version
from taggit.models import Tag

from . import permissions
from .models import (
    Article,
    ArticlePhoto,
    Byline,
    Contributor,
    Correction,
    FactBox,
    Photo,
    Role,
    Section,
    StoryRevision,
    TaggedArticle,
)

# The story's own fields a revision keeps: what it says and where it stands.
# Left out: what is derived from them (body_html, body_toc), counters and
# clocks (view_count, updated_at), what never changes (short_id, created_*),
# and version, which StoryRevision.version holds.
TEXT_FIELDS = (
    "kicker", "title", "subtitle", "summary", "body", "source_name", "source_url",
    "original_author", "original_title", "repost_notice", "allow_comments", "photo_request",
)
WORKFLOW_FIELDS = (
    "status", "review_level", "publish_at", "embargo_until", "withdrawn_at",
)
ARTICLE_FIELDS = (*TEXT_FIELDS, *WORKFLOW_FIELDS, "section", "responsible_editor")
PARTS = ("bylines", "article_photos", "fact_boxes", "corrections", "tagged_items")

reversion.register(Article, fields=ARTICLE_FIELDS, follow=PARTS)
reversion.register(Byline, fields=("article", "contributor", "role", "order"))
reversion.register(ArticlePhoto, fields=("article", "photo", "caption", "is_lead", "order"))
reversion.register(FactBox, fields=("article", "title", "period", "items", "order"))
reversion.register(Correction, fields=("article", "text", "published_at", "created_by"))
reversion.register(TaggedArticle, fields=("content_object", "tag"))


# The comment of a story's first revision, as Django's history words an addition.
ADDED = json.dumps([{"added": {}}])


class RestoreRefused(ValidationError):
    """A restore that cannot be done as asked; nothing was changed."""


def _fresh(article_id):
    """The story as stored, with its parts and what they point to, in a fixed number of queries.

    Reversion's ``follow`` reads each part through ``.all()``, which the prefetch answers.
    """
    return (
        Article.objects.select_related("section", "responsible_editor")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("contributor")),
            Prefetch(
                "article_photos",
                queryset=ArticlePhoto.objects.select_related("photo").only(
                    "article_id", "photo_id", "caption", "is_lead", "order",
                    "photo__headline", "photo__caption", "photo__original_filename",
                    "photo__image",
                ),
            ),
            "fact_boxes", "corrections",
            Prefetch("tagged_items", queryset=TaggedArticle.objects.select_related("tag")),
        )
        .get(pk=article_id)
    )


def _names(story):
    """Names of what the parts point to, as they are now: keys are ids as strings (JSON)."""
    section, editor = story.section, story.responsible_editor
    bylines = list(story.bylines.all())
    return {
        "section": {str(section.pk): section.name},
        "responsible_editor": {str(editor.pk): editor.name} if editor else {},
        "contributors": {str(b.contributor_id): b.contributor.name for b in bylines},
        # A byline without a role prints its person's default role at the time.
        "default_roles": {str(b.contributor_id): b.contributor.default_role for b in bylines},
        "photos": {str(p.photo_id): str(p.photo) for p in story.article_photos.all()},
        "tags": {str(t.tag_id): t.tag.name for t in story.tagged_items.all()},
    }


def record(article, *, by, event=None, restored_from=None, comment="", baseline=False,
           at=None):
    """Keep the story as stored now, with its parts, as a new revision; return its StoryRevision.

    The story is read afresh from the database, so what is kept is what was
    saved, whatever the caller holds in memory. Call it inside the change's
    transaction: a change rolled back takes its revision with it. ``comment``
    is a change message as Django's history stores it (JSON) or plain text;
    ``at`` is for the demo, which dates its history in the past.
    """
    with reversion.create_revision(manage_manually=True):
        story = _fresh(article.pk)
        reversion.add_to_revision(story)
        reversion.set_user(by if by is not None and by.is_authenticated else None)
        reversion.set_comment(comment)
        if at is not None:
            reversion.set_date_created(at)
        names = _names(story)
        if baseline:
            names["baseline"] = True
        reversion.add_meta(
            StoryRevision, article=story, version=story.version, event=event,
            restored_from=restored_from, names=names,
        )
    return StoryRevision.objects.filter(article=story).latest("id")


def ensure_baseline(article):
    """Keep the stored state of a story that has no revision yet, before its first change.

    Stories written before revisions were kept would otherwise lose the state
    their first edit replaces. The row lock makes two first saves record one baseline.
    """
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        if not StoryRevision.objects.filter(article_id=article.pk).exists():
            record(article, by=None, baseline=True)


def is_baseline(story_revision):
    """Whether the revision is the state a story had before revisions were kept."""
    return bool(story_revision.names.get("baseline"))


def delete_revisions(sender, instance, **kwargs):
    """A deleted story takes its revisions along: a deleted draft's text must not linger."""
    Revision.objects.filter(story_revision__article_id=instance.pk).delete()


def connect_signals():
    """Called once from ArticlesConfig.ready()."""
    pre_delete.connect(delete_revisions, sender=Article, dispatch_uid="articles.revisions")


# --- reading a revision back -------------------------------------------------------------


def _stored(story_revision):
    """The revision's rows by model: {model: [field dict with "pk"]}, in one query."""
    rows = defaultdict(list)
    for version in Version.objects.filter(revision_id=story_revision.revision_id):
        rows[version._model].append(_fields_of(version))
    return rows


def _fields_of(version):
    """A version's stored fields by attname (``section_id``), read from its JSON.

    Not reversion's ``field_dict``: that builds a model instance, and a new
    Article draws a fresh short id from the database for each one.
    """
    model = version._model
    (stored,) = json.loads(version.serialized_data)
    fields = {"pk": int(version.object_id)}
    for name, value in stored["fields"].items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field since removed
            continue
        if isinstance(field, DateTimeField) and value is not None:
            value = field.to_python(value)
        fields[field.attname] = value
    return fields


def _plain(value):
    """A stored value as JSON-like data: datetimes as ISO 8601 in UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def _named(names, kind, pk):
    if pk is None:
        return None
    return names.get(kind, {}).get(str(pk), f"#{pk}")


def _printed_role(role, default_role):
    try:
        role = Role(role or default_role)
    except ValueError:
        return role or default_role or ""
    return role.printed


def _in_order(rows, *keys):
    return sorted(rows, key=lambda row: tuple(row[key] for key in keys))


def snapshot(story_revision, rows=None):
    """The story as this revision kept it, as plain data (the diff engine's input).

    Names are the ones captured with the revision, so a tag, person or photo
    renamed or deleted since reads as it was.
    """
    rows = _stored(story_revision) if rows is None else rows
    names = story_revision.names
    article = next(
        (row for row in rows[Article] if row["pk"] == story_revision.article_id), {}
    )
    fields = {name: _plain(article.get(name)) for name in (*TEXT_FIELDS, *WORKFLOW_FIELDS)}
    fields["section"] = _named(names, "section", article.get("section_id"))
    fields["responsible_editor"] = _named(
        names, "responsible_editor", article.get("responsible_editor_id")
    )
    default_roles = names.get("default_roles", {})
    return {
        "fields": fields,
        "tags": sorted(_named(names, "tags", row["tag_id"]) for row in rows[TaggedArticle]),
        "bylines": [
            {
                "name": _named(names, "contributors", row["contributor_id"]),
                "role": _printed_role(row["role"], default_roles.get(str(row["contributor_id"]))),
            }
            for row in _in_order(rows[Byline], "order", "pk")
        ],
        "photos": [
            {
                "photo": row["photo_id"], "title": _named(names, "photos", row["photo_id"]),
                "caption": row["caption"], "is_lead": row["is_lead"],
            }
            for row in _in_order(rows[ArticlePhoto], "order", "pk")
        ],
        "fact_boxes": [
            {"title": row["title"], "period": row["period"], "items": row["items"]}
            for row in _in_order(rows[FactBox], "order", "pk")
        ],
        "corrections": [
            {"text": row["text"], "published_at": _plain(row["published_at"])}
            for row in _in_order(rows[Correction], "published_at", "pk")
        ],
    }


# --- restoring ----------------------------------------------------------------------------

# What a restore leaves as it is: the workflow's own fields, and the corrections.
KEPT_BY_RESTORE = (*WORKFLOW_FIELDS, "responsible_editor")


def as_restored(current, chosen):
    """The snapshot a restore of ``chosen`` over ``current`` would give (both snapshots).

    The revision's text and parts, with the status, times, responsible editor
    and corrections as they are now: what the confirmation page compares.
    """
    fields = {**chosen["fields"]}
    fields.update({name: current["fields"].get(name) for name in KEPT_BY_RESTORE})
    return {**chosen, "fields": fields, "corrections": current["corrections"]}


def restore(story_revision, *, by, expect_version):
    """Bring back the story's text and parts as ``story_revision`` kept them, as a new revision.

    What the workflow alone changes (status, times, embargo, review level,
    responsible editor) stays as it is, and so do corrections: a published
    correction stays on record. Parts whose person or photo no longer exists
    are left out and listed in the returned revision's ``skipped``. Raises
    PermissionDenied when ``by`` may not edit the story now, and RestoreRefused
    when the story changed since ``expect_version`` or its section is gone;
    nothing is changed then. Old revisions are never touched.
    """
    from . import workflow  # workflow records revisions: imported here, not at the top

    with transaction.atomic():
        article = (
            Article.objects.select_for_update(of=("self",)).select_related("section")
            .get(pk=story_revision.article_id)
        )
        if not permissions.may_edit(by, article):
            raise PermissionDenied(gettext("You may not change this story."))
        if expect_version != article.version:
            raise RestoreRefused(gettext(
                "Someone else changed this story after you opened this page; nothing was "
                "restored. Look at the revisions again before restoring."
            ))
        rows = _stored(story_revision)
        stored = next(row for row in rows[Article] if row["pk"] == article.pk)
        if not Section.objects.filter(pk=stored["section_id"]).exists():
            raise RestoreRefused(gettext(
                "The section “%(section)s” this revision is in no longer exists; "
                "nothing was restored."
            ) % {"section": _named(story_revision.names, "section", stored["section_id"])})
        ensure_baseline(article)

        before = _editable_state(article)
        for name in TEXT_FIELDS:
            setattr(article, name, stored[name])
        article.section_id = stored["section_id"]
        skipped = _replace_parts(article, rows, story_revision.names,
                                 may_add_tags=by.has_perm(permissions.ADD_TAG))
        article.version += 1
        # The fields a restore sets; save() renders the body again when it changed.
        article.save(update_fields=[*TEXT_FIELDS, "section", "version", "updated_at"])
        if article.status == Article.Status.PUBLISHED:
            after = _editable_state(article)
            workflow.record_edit(
                article, by=by, fields=[name for name in after if after[name] != before[name]],
                note=gettext("Restored from an earlier revision."),
            )
        new = record(article, by=by, restored_from=story_revision)
    new.skipped = skipped
    return new


def _editable_state(article):
    """What a restore may change, by the names the audit log uses for fields and parts."""
    state = {name: getattr(article, name) for name in TEXT_FIELDS}
    state["section"] = article.section_id
    state["bylines"] = list(article.bylines.values_list("contributor_id", "role", "order"))
    state["article_photos"] = list(
        article.article_photos.values_list("photo_id", "caption", "is_lead", "order")
    )
    state["fact_boxes"] = list(article.fact_boxes.values_list("title", "period", "items", "order"))
    state["tags"] = sorted(article.tags.names())
    return state


def _replace_parts(article, rows, names, *, may_add_tags):
    """Replace bylines, photos, fact boxes and tags with the revision's; return what is left out.

    A tag deleted since is made again only for who may make tags, as in the form.
    """
    skipped = []
    contributor_ids = {row["contributor_id"] for row in rows[Byline]}
    photo_ids = {row["photo_id"] for row in rows[ArticlePhoto]}
    existing_people = set(
        Contributor.objects.filter(pk__in=contributor_ids).values_list("pk", flat=True)
    )
    existing_photos = set(Photo.objects.filter(pk__in=photo_ids).values_list("pk", flat=True))

    # Deleted one by one (not a queryset delete) so the search index hears of each.
    for part in (*article.bylines.all(), *article.article_photos.all(),
                 *article.fact_boxes.all()):
        part.delete()
    for row in _in_order(rows[Byline], "order", "pk"):
        if row["contributor_id"] not in existing_people:
            skipped.append(gettext("The byline of %(name)s: the person no longer exists.") % {
                "name": _named(names, "contributors", row["contributor_id"])})
            continue
        Byline.objects.create(article=article, contributor_id=row["contributor_id"],
                              role=row["role"], order=row["order"])
    for row in _in_order(rows[ArticlePhoto], "order", "pk"):
        if row["photo_id"] not in existing_photos:
            skipped.append(gettext("The photo “%(name)s”: it is no longer in the library.") % {
                "name": _named(names, "photos", row["photo_id"])})
            continue
        ArticlePhoto.objects.create(
            article=article, photo_id=row["photo_id"], caption=row["caption"],
            is_lead=row["is_lead"], order=row["order"],
        )
    for row in _in_order(rows[FactBox], "order", "pk"):
        FactBox.objects.create(article=article, title=row["title"], period=row["period"],
                               items=row["items"], order=row["order"])
    # By name: a tag deleted since is made again, one renamed since comes back as it was.
    tags = [_named(names, "tags", row["tag_id"]) for row in rows[TaggedArticle]]
    if not may_add_tags:
        # Who may not make tags gets a renamed tag under its name now, a deleted one not.
        ids = [row["tag_id"] for row in rows[TaggedArticle]]
        existing = set(Tag.objects.filter(name__in=tags).values_list("name", flat=True))
        renamed = dict(Tag.objects.filter(pk__in=ids).values_list("pk", "name"))
        kept = []
        for tag_id, name in zip(ids, tags, strict=True):
            if name in existing or tag_id in renamed:
                kept.append(name if name in existing else renamed[tag_id])
            else:
                skipped.append(gettext(
                    "The tag “%(name)s”: it no longer exists, and you may not make tags."
                ) % {"name": name})
        tags = kept
    article.tags.set(tags, clear=True)
    return skipped
