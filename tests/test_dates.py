"""Dates stay between 1900 and 2999 whichever door they come through.

Forms refuse them with a message on the field, the database refuses them
from code that skips the forms, and a crafted filter in an address is refused
by the admin's changelists instead of becoming a server error.
"""

import secrets
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, models, transaction
from django.test import Client
from taggit.models import Tag

from articles.models import (
    Article,
    Correction,
    FrontPage,
    FrontPagePin,
    InfoPage,
    Photo,
    PreviewLink,
    PreviewVisit,
    ViewTally,
    WorkflowEvent,
)
from articles.models.dates import BoundedDateTimeField, within_bounds

from .factories import (
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
    jpeg_bytes,
)
from .form_data import form_data

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
OUT_OF_RANGE = ["0001-01-01", "1899-12-31", "9999-12-31"]
AT_THE_EDGES = [("1900-01-01", "00:00:00"), ("2999-12-31", "23:59:59")]

DATE_FIELDS = [
    (model, field)
    for model in apps.get_app_config("articles").get_models(include_auto_created=True)
    for field in model._meta.concrete_fields
    if isinstance(field, models.DateTimeField)
]
DATE_FIELD_IDS = [f"{model.__name__}.{field.name}" for model, field in DATE_FIELDS]


@pytest.fixture
def staff(admin_user):
    # English, so that dates are typed in the formats an English admin takes.
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin_user)
    return client


def error_codes(form, field):
    return [error.code for error in form.errors.as_data().get(field, [])]


# --- the forms -------------------------------------------------------------------------


def photo_upload(staff, day, time="12:00:00"):
    data = form_data(staff.get("/admin/articles/photo/add/").content.decode(), "photo_form")
    data.update({
        "image": SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg"),
        "caption": "碳汇大厦。", "taken_at_0": day, "taken_at_1": time,
    })
    return staff.post("/admin/articles/photo/add/", data)


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_photo_taken_outside_the_years_is_refused_on_the_field(staff, day):
    """A photo dated 0001, 1899 or 9999 is sent back with the date field marked."""
    response = photo_upload(staff, day)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert error_codes(form, "taken_at") == ["year_out_of_range"]
    assert "between the years 1900 and 2999" in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.parametrize(("day", "time"), AT_THE_EDGES)
def test_photo_taken_at_the_edges_of_the_years_is_kept(staff, day, time):
    """The first moment of 1900 and the last of 2999 are dates a photo may carry."""
    response = photo_upload(staff, day, time)

    assert response.status_code == 302
    taken = Photo.objects.get().taken_at.astimezone(SHANGHAI)
    assert (taken.date().isoformat(), taken.time().isoformat()) == (day, time)


def correction_post(staff, article, day, time="12:00:00"):
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(staff.get(url).content.decode(), "article_form")
    data.update({
        "corrections-TOTAL_FORMS": "1", "corrections-0-text": "此前数字有误,现已更正。",
        "corrections-0-published_at_0": day, "corrections-0-published_at_1": time,
    })
    return staff.post(url, data)


def correction_form(response):
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    return next(fs for fs in formsets if fs.model is Correction).forms[0]


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_correction_published_outside_the_years_is_refused_on_the_field(staff, day):
    """A correction dated 0001, 1899 or 9999 is sent back with its date field marked."""
    article = ArticleFactory()

    response = correction_post(staff, article, day)

    assert response.status_code == 200
    assert error_codes(correction_form(response), "published_at") == ["year_out_of_range"]
    assert not Correction.objects.exists()


@pytest.mark.parametrize(("day", "time"), AT_THE_EDGES)
def test_correction_published_at_the_edges_of_the_years_is_kept(staff, day, time):
    """A correction may carry the first moment of 1900 or the last of 2999."""
    article = ArticleFactory()

    response = correction_post(staff, article, day, time)

    assert response.status_code == 302, response.context and response.context.get("errors")
    published = article.corrections.get().published_at.astimezone(SHANGHAI)
    assert (published.date().isoformat(), published.time().isoformat()) == (day, time)


# --- the database ----------------------------------------------------------------------


@pytest.mark.parametrize(("model", "field"), DATE_FIELDS, ids=DATE_FIELD_IDS)
def test_every_date_field_is_bounded_in_the_model(model, field):
    """A date field added later cannot forget the bounds: the field type and the constraint."""
    assert isinstance(field, BoundedDateTimeField)
    expected = within_bounds(field.name, prefix=model._meta.model_name)[0]
    assert any(
        isinstance(constraint, models.CheckConstraint)
        and constraint.condition == expected.condition
        for constraint in model._meta.constraints
    ), f"add within_bounds({field.name!r}, …) to {model.__name__}.Meta.constraints"


def workflow_event():
    return WorkflowEvent.objects.create(article=ArticleFactory(), action="submit")


def preview_link():
    return PreviewLink.objects.create(
        article=ArticleFactory(), key=secrets.token_urlsafe(24), expires_at=datetime.now(UTC)
    )


def preview_visit():
    return PreviewVisit.objects.create(link=preview_link(), ip_hash="0" * 64)


def front_page():
    return FrontPage.objects.create(headline=ArticleFactory(), headline_until=datetime.now(UTC))


def front_page_pin():
    return FrontPagePin.objects.create(
        front_page=front_page(), article=ArticleFactory(), until=datetime.now(UTC)
    )


def info_page():
    return InfoPage.objects.create(title="关于我们", slug="about")


def view_tally():
    return ViewTally.objects.create(
        article=ArticleFactory(), hour=datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    )


MAKERS = {
    Article: ArticleFactory, Photo: PhotoFactory, Correction: CorrectionFactory,
    WorkflowEvent: workflow_event, PreviewLink: preview_link, PreviewVisit: preview_visit,
    FrontPage: front_page, FrontPagePin: front_page_pin, InfoPage: info_page,
    ViewTally: view_tally,
}


@pytest.mark.parametrize(("model", "field"), DATE_FIELDS, ids=DATE_FIELD_IDS)
@pytest.mark.parametrize(
    "moment",
    [datetime(1, 1, 1, tzinfo=UTC), datetime(1899, 12, 1, tzinfo=UTC),
     datetime(9999, 12, 31, tzinfo=UTC)],
    ids=["year-1", "1899", "year-9999"],
)
def test_the_database_refuses_dates_written_around_the_forms(model, field, moment):
    """An update() that skips every form still cannot store a date outside the years."""
    assert model in MAKERS, f"add a maker for {model.__name__} to MAKERS"
    row = MAKERS[model]()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field.name: moment})


@pytest.mark.parametrize(("model", "field"), DATE_FIELDS, ids=DATE_FIELD_IDS)
def test_the_database_keeps_dates_at_the_edges_of_the_years(model, field):
    """The constraint is no narrower than the forms: 1900 and 2999 in local time are stored."""
    row = MAKERS[model]()
    for moment in (datetime(1900, 1, 1, tzinfo=SHANGHAI),
                   datetime(2999, 12, 31, 23, 59, 59, tzinfo=SHANGHAI)):
        model.objects.filter(pk=row.pk).update(**{field.name: moment})
        assert getattr(model.objects.get(pk=row.pk), field.name) == moment


# --- crafted filters in the admin ------------------------------------------------------

HIERARCHIES = [
    (model, model_admin.date_hierarchy)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "articles" and model_admin.date_hierarchy
]
CRAFTED = [
    "year=1", "year=0", "year=-1", "year=1899", "year=3000", "year=9999", "year=10000",
    "year=abc", "year=", "year=99999999999999999999", "year=2024&month=13",
    "year=2024&month=1&day=32", "year=2024&month=2&day=30",
    "year=2024&month=99999999999999999999", "year=2024&month=1&day=99999999999999999999",
    "month=99999999999999999999", "year__gt=1", "year__in=1,2024",
    "gte=0001-01-01", "lt=9999-12-31", "range=0001-01-01,2024-01-01", "date=1899-12-31",
]


def changelist_url(model):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.fixture
def rows_to_list():
    """Something in each list, so that the date hierarchy has dates to drill into."""
    WorkflowEvent.objects.create(article=ArticleFactory(published=True), action="publish")
    PhotoFactory()


def test_every_dated_changelist_is_probed():
    """The story list, the photo library and the audit log all have a date hierarchy."""
    assert {model for model, _ in HIERARCHIES} >= {Article, Photo, WorkflowEvent}


@pytest.mark.parametrize(("model", "field"), HIERARCHIES,
                         ids=[model.__name__ for model, _ in HIERARCHIES])
@pytest.mark.parametrize("crafted", CRAFTED)
def test_crafted_date_filters_are_refused_not_a_server_error(
    staff, rows_to_list, model, field, crafted
):
    """An impossible date in a changelist address sends the editor back to the plain list."""
    url = changelist_url(model)
    query = "&".join(f"{field}__{part}" for part in crafted.split("&"))

    response = staff.get(f"{url}?{query}")

    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"
    # The pages that use the database still answer after it.
    assert staff.get(response["Location"]).status_code == 200
    assert staff.get(url).status_code == 200
    assert Client().get("/").status_code == 200


@pytest.mark.parametrize(("model", "field"), HIERARCHIES,
                         ids=[model.__name__ for model, _ in HIERARCHIES])
@pytest.mark.parametrize(
    "drill",
    ["year=1900", "year=2999&month=12", "year=2999&month=12&day=31", "month=2", "day=1",
     "gte=2024-01-01", "year__in=2023,2024"],
)
def test_date_filters_within_the_years_still_work(staff, rows_to_list, model, field, drill):
    """Drilling down to the last day of 2999 or filtering from a date lists as before."""
    query = "&".join(f"{field}__{part}" for part in drill.split("&"))

    response = staff.get(f"{changelist_url(model)}?{query}")

    assert response.status_code == 200
    assert "cl" in response.context


def test_a_photo_filtered_by_its_upload_day_is_listed(staff):
    """The bounds refuse only impossible dates: today's uploads are still found."""
    photo = PhotoFactory(caption="武昌滨江数创走廊。")
    today = photo.uploaded_at.astimezone(SHANGHAI)

    response = staff.get(
        "/admin/articles/photo/",
        {"uploaded_at__year": today.year, "uploaded_at__month": today.month,
         "uploaded_at__day": today.day},
    )

    assert list(response.context["cl"].result_list) == [photo]


# --- crafted page numbers on the reader site -------------------------------------------


@pytest.mark.parametrize(
    "page", ["-1", "0", "abc", "99999999999999999999", "-99999999999999999999", "9" * 5000,
             "1e3", "١"],
)
def test_crafted_page_numbers_on_every_list_are_not_found(page):
    """Search, section, tag and person lists answer a garbage ?page= with a 404, never a 500
    (they were clamped to the first or last page until issue 9: a copy at every address)."""
    story = ArticleFactory(title="武昌区数字经济转型升级", published=True,
                           section=SectionFactory(slug="city"), tags=["武昌"])
    person = BylineFactory(article=story).contributor
    tag = Tag.objects.get()
    reader = Client()

    for url in ["/search/", "/section/city/", f"/tag/{tag.slug}/", f"/people/{person.slug}/"]:
        response = reader.get(url, {"page": page})
        assert response.status_code == 404, url
        assert story.title not in response.content.decode(), url


def test_a_nul_page_number_is_a_bad_request_on_every_list():
    """A NUL in ?page= is refused before any query, on every list."""
    story = ArticleFactory(published=True, section=SectionFactory(slug="city"), tags=["武昌"])
    person = BylineFactory(article=story).contributor
    tag = Tag.objects.get()

    for url in ["/", "/section/city/", f"/tag/{tag.slug}/", f"/people/{person.slug}/"]:
        assert Client().get(f"{url}?page=%00").status_code == 400, url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/?title__regex=(",
        "/admin/articles/photo/?caption__iregex=[",
        "/admin/articles/workflowevent/?note__regex=(",
        "/admin/articles/contributor/?name__regex=(",
        "/admin/articles/section/?name__iregex=(",
    ],
)
def test_pattern_filters_in_the_address_are_refused_not_a_500(admin_client, url):
    """A malformed regular expression typed into a changelist address is a 400, never a 500."""
    from .factories import ArticleFactory, ContributorFactory, PhotoFactory

    ArticleFactory(), PhotoFactory(), ContributorFactory()
    assert admin_client.get(url).status_code == 400
