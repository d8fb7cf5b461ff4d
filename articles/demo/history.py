"""How a demo story got where it is: its steps, replayed through the real workflow.

Every demo story moves as a story in the newsroom does: the reporter submits,
the editor gives 初审, the section head 复审 and the chief 终审, as many
levels as the story's section asks, and the last of them publishes. Each step
is ``workflow.run`` as the right login, so the permissions, the one-level-a-
person rule, the embargo and the publish checklist all apply to the demo too.

Only the clock is the demo's own: the workflow publishes now or later, never
in the past, yet a demo needs stories that went out days ago. So the steps run
now and, once they have, ``save_dates`` moves their times to when the story
says they happened, with ``QuerySet.update()``. That is the demo back-dating
its own history; no user path can do it.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.serializers.json import DjangoJSONEncoder
from reversion.models import Revision, Version

from articles import revisions, workflow
from articles.models import Article, StoryRevision, WorkflowEvent

# Who approves review level 1 (初审), 2 (复审) and 3 (终审): demo usernames.
REVIEWERS = ("editor", "head", "chief")
AUTHOR = "reporter"
# The chief decides a withdrawal (撤稿), whichever level published the story.
WITHDRAWER = "chief"
STEP = timedelta(hours=1)


@dataclass(frozen=True)
class Step:
    """One transition as it happened: its name in ``workflow.TRANSITIONS``, who, when."""

    name: str
    by: str
    at: datetime
    note: str = ""
    params: dict = field(default_factory=dict)


def final_reviewer(levels):
    return REVIEWERS[levels - 1]


def submitted(start, approvals):
    """Submitted at ``start``, then ``approvals`` levels approved an hour apart."""
    return [
        Step("submit", AUTHOR, start),
        *(Step("approve", REVIEWERS[level], start + (level + 1) * STEP)
          for level in range(approvals)),
    ]


def waiting(start, level):
    """Submitted and waiting at review ``level``: every level below it approved."""
    return submitted(start, level - 1)


def sent_back(start, note):
    """Submitted, then sent back to the reporter by the first reviewer."""
    return [*submitted(start, 0), Step("send_back", REVIEWERS[0], start + STEP, note=note)]


def published(at, levels, *, editor):
    """Approved at every level and published at ``at`` by the final reviewer."""
    steps = submitted(at - levels * STEP, levels - 1)
    return [*steps, Step("publish", final_reviewer(levels), at, params={"editor": editor})]


def scheduled(decided, at, levels, *, editor):
    """Approved by ``decided`` and scheduled for ``at``, a time still to come."""
    steps = submitted(decided - levels * STEP, levels - 1)
    return [*steps, Step("publish", final_reviewer(levels), decided,
                         params={"editor": editor, "at": at})]


def embargoed(decided, until, levels, *, editor):
    """Embargoed by the reporter while a draft, then scheduled for the embargo's end."""
    steps = scheduled(decided, until, levels, editor=editor)
    embargo = Step("embargo", AUTHOR, steps[0].at - STEP, params={"embargo_until": until})
    return [embargo, *steps]


def withdrawn(at, levels, *, editor, withdrawn_at, note):
    """Published at ``at``, withdrawn at ``withdrawn_at`` with ``note``."""
    return [*published(at, levels, editor=editor),
            Step("withdraw", WITHDRAWER, withdrawn_at, note=note)]


# The story's own times that ``replay`` sets as its steps say.
DATED_FIELDS = ("created_at", "updated_at", "publish_at", "withdrawn_at")


def replay(article, steps, users):
    """Run ``steps`` on ``article`` as the demo logins; return the events they logged.

    The events and ``article`` come back dated as the steps say, in memory
    only: ``save_dates`` writes the dates of many stories in one go.
    """
    # The story as its reporter wrote it: the first of its revisions.
    revisions.record(article, by=users[AUTHOR], comment=revisions.ADDED)
    events = []
    for step in steps:
        event = workflow.run(step.name, article, by=users[step.by], note=step.note,
                             **step.params)
        event.created_at = step.at
        events.append(event)
    if steps:
        # The story was written a little before it was first handed in.
        article.created_at, article.updated_at = steps[0].at - STEP, steps[-1].at
    for step in steps:
        if step.name == "publish" and "at" not in step.params:
            article.publish_at = step.at
        elif step.name == "withdraw":
            article.withdrawn_at = step.at
    return events


def save_dates(articles, events):
    """Write the dates ``replay`` set: the demo back-dating its own history.

    ``bulk_update`` is ``QuerySet.update()`` with one CASE per field; the
    workflow and the models never take a publication time in the past, and
    no user path can do this.
    """
    WorkflowEvent.objects.bulk_update(events, ["created_at"], batch_size=500)
    Article.objects.bulk_update(articles, DATED_FIELDS, batch_size=500)
    _date_revisions(articles, events)


def _date_revisions(articles, events):
    """Date each story's revisions as its steps: the first when the story was written,
    each step's when the step was taken. Revisions dated by their caller stay."""
    step_times = {event.pk: event.created_at for event in events}
    written = {article.pk: article.created_at for article in articles}
    dated, seen = [], set()
    kept = (StoryRevision.objects.filter(article__in=articles)
            .select_related("revision").order_by("id"))
    for story_revision in kept:
        first = story_revision.article_id not in seen
        seen.add(story_revision.article_id)
        if story_revision.event_id in step_times:
            story_revision.revision.date_created = step_times[story_revision.event_id]
        elif first:
            story_revision.revision.date_created = written[story_revision.article_id]
        else:
            continue
        dated.append(story_revision.revision)
    Revision.objects.bulk_update(dated, ["date_created"], batch_size=500)
    _date_kept_stories(articles)


def _date_kept_stories(articles):
    """The publication and withdrawal times the revisions kept, moved as the stories' were.

    A demo story is published and withdrawn at most once, so every time its
    revisions hold is the one ``replay`` moved.
    """
    by_id = {str(article.pk): article for article in articles}
    versions = Version.objects.get_for_model(Article).filter(
        object_id__in=list(by_id), revision__story_revision__article__in=articles
    )
    changed = []
    for version in versions:
        (stored,) = json.loads(version.serialized_data)
        article = by_id[version.object_id]
        for name in ("publish_at", "withdrawn_at"):
            if stored["fields"].get(name) is not None:
                stored["fields"][name] = getattr(article, name)
        version.serialized_data = json.dumps([stored], cls=DjangoJSONEncoder, ensure_ascii=False)
        changed.append(version)
    Version.objects.bulk_update(changed, ["serialized_data"], batch_size=500)
