"""Who may do what to a story: the one table every door asks.

The admin (``has_change_permission``, buttons, actions), the workflow's
transitions and the tests all call these functions, so a rule changes here
or nowhere. Django permissions say what a role may do in general; the story's
status, its owner and its section's review levels narrow that per story.
"""

from .models import Article

Status = Article.Status

ADD = "articles.add_article"
CHANGE = "articles.change_article"
EDIT_OTHERS = "articles.edit_others_article"
ADD_TAG = "taggit.add_tag"
REVIEW_LEVELS = (1, 2, 3)


def level_permission(level):
    """The permission a person needs to approve ``level`` (1 初审, 2 复审, 3 终审)."""
    return f"articles.review_level_{level}"


def is_reviewer(user):
    """Whether the user may review at any level at all."""
    return any(user.has_perm(level_permission(level)) for level in REVIEW_LEVELS)


def is_own(user, article):
    """Created by the user, or bylined to the contributor linked to the user."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    if article.pk is None or not user.is_authenticated:
        return False
    return article.bylines.filter(contributor__user_id=user.pk).exists()


def pending_level(article):
    """The review level a submitted story waits for."""
    return article.review_level + 1


def may_review(user, article, level=None):
    """Whether the user holds the permission for ``level`` (default: the one it waits for)."""
    return user.has_perm(level_permission(level or pending_level(article)))


def may_publish(user, article):
    """Who gives a story's final approval may publish it, edit it live and withdraw it."""
    return user.has_perm(CHANGE) and user.has_perm(
        level_permission(article.section.review_levels)
    )


def may_work_on_draft(user, article):
    """Whether the user may edit the story as a draft and submit it: its owner or the desk."""
    return user.has_perm(CHANGE) and (user.has_perm(EDIT_OTHERS) or is_own(user, article))


def may_edit(user, article):
    """Whether the user may change the story's text and parts in its present state.

    A draft: its owner, or anyone who edits other people's stories. In review:
    the desk (not the reporter, who recalls it first). Published or scheduled:
    only who may publish it, and the edit is logged. Withdrawn: nobody.
    """
    if article.pk is None:
        return user.has_perm(ADD)
    if not user.has_perm(CHANGE):
        return False
    if article.status == Status.DRAFT:
        return may_work_on_draft(user, article)
    if article.status == Status.SUBMITTED:
        return user.has_perm(EDIT_OTHERS)
    if article.status == Status.PUBLISHED:
        return may_publish(user, article)
    return False


def may_share_preview(user, article):
    """Whether the user may give people without a login a preview link to the story.

    Whoever may work on it (its owner, or who edits other people's stories),
    while it is not withdrawn.
    """
    return article.status != Status.WITHDRAWN and may_work_on_draft(user, article)


def may_revoke_preview(user, link):
    """A preview link is revoked by whoever made it, or by anyone who edits others' stories."""
    if not user.is_authenticated:
        return False
    made_it = link.created_by_id is not None and link.created_by_id == user.pk
    return made_it or user.has_perm(EDIT_OTHERS)


def may_write_stories(user):
    """Staff who write or edit stories at all (add or change): the story form's tools."""
    return user.is_active and user.is_staff and (user.has_perm(ADD) or user.has_perm(CHANGE))
