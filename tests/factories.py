"""factory_boy factories for the newsroom; traits name the common variations."""

import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles import photo_desk, roles
from articles.models import (
    Article,
    ArticlePhoto,
    Byline,
    Contributor,
    Correction,
    FactBox,
    Photo,
    Role,
    Section,
)

# The newsroom's groups by the short names tests use for the people in them.
ROLE_GROUPS = {
    "reporter": roles.REPORTERS,
    "photographer": roles.PHOTOGRAPHERS,
    "editor": roles.EDITORS,
    "head": roles.SECTION_HEADS,
    "chief": roles.CHIEF_EDITORS,
}


def jpeg_bytes(width=64, height=48, color=(200, 80, 40), comment=""):
    """A real JPEG made by Pillow; a different ``comment`` makes a different file."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")
    is_staff = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"记者{n}")
    slug = factory.Sequence(lambda n: f"contributor-{n}")
    organisation = "长江日报"
    default_role = Role.REPORTER


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    # Each photo its own file: the library refuses a file it already holds.
    image = factory.Sequence(
        lambda n: ContentFile(jpeg_bytes(comment=f"factory photo {n}"), name=f"photo-{n}.jpg")
    )
    caption = factory.Sequence(lambda n: f"图片说明{n}。")
    alt_text = factory.Sequence(lambda n: f"图片{n}")

    @classmethod
    def _create(cls, model_class, image, uploaded_by=None, tags=None, **fields):
        """Through the newsroom's one door for pictures, as every upload goes."""
        return photo_desk.receive(image, by=uploaded_by, fields=fields, tags=tags)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"新闻标题{n}")
    summary = "导语。"
    body = "第一段。\n\n## 小标题\n\n第二段。"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )
        submitted = factory.Trait(status=Article.Status.SUBMITTED)
        withdrawn = factory.Trait(
            status=Article.Status.WITHDRAWN,
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2)),
            withdrawn_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    contributor = factory.SubFactory(ContributorFactory)
    order = factory.Sequence(int)


class ArticlePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticlePhoto

    article = factory.SubFactory(ArticleFactory)
    photo = factory.SubFactory(PhotoFactory)
    order = factory.Sequence(int)


class FactBoxFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FactBox

    article = factory.SubFactory(ArticleFactory)
    title = "数读"
    period = "2023年"
    items = "●第一项。\n●第二项。"


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "本文此前将数字误写,现已更正。"
