"""The newsroom's models, one module per concern."""

from .articles import Article, ArticleQuerySet, TaggedArticle
from .bylines import Byline
from .contributors import Contributor, Role
from .corrections import Correction
from .events import WorkflowEvent
from .factboxes import FactBox
from .frontpage import FrontPage, FrontPageBlock, FrontPagePin
from .pages import InfoPage
from .photos import ArticlePhoto, CreditVerb, Photo, TaggedPhoto
from .previews import PreviewLink, PreviewVisit
from .readership import ViewTally
from .revisions import StoryRevision
from .search import SearchEntry as SearchEntry  # noqa: I001  (re-exported)
from .sections import Section

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleQuerySet",
    "Byline",
    "Contributor",
    "Correction",
    "CreditVerb",
    "FactBox",
    "FrontPage",
    "FrontPageBlock",
    "FrontPagePin",
    "InfoPage",
    "Photo",
    "PreviewLink",
    "PreviewVisit",
    "Role",
    "Section",
    "StoryRevision",
    "TaggedArticle",
    "TaggedPhoto",
    "ViewTally",
    "WorkflowEvent",
]
