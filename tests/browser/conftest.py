"""A real server with the demo newsroom, and Debian's Chromium driven by Playwright.

Everything here is package-scoped, not session-scoped: Playwright's synchronous API
keeps an event loop in the thread, and Django refuses database calls from a thread
with a running loop, so the browser must be gone before the rest of the suite runs.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .reader import Reader

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    # Nothing leaves the machine: a page that needs another host fails its request.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
SERVER_START_SECONDS = 60


def artifacts_dir():
    """Where screenshots and the server's log go: $NEWSDESK_ARTIFACTS or ./artifacts/browser/."""
    path = Path(os.environ.get("NEWSDESK_ARTIFACTS") or ROOT / "artifacts" / "browser")
    path.mkdir(parents=True, exist_ok=True)
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(folder, port):
    """The site's settings for the run: its own files, no shared database or cache."""
    environment = {
        key: value for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "NEWSDESK_DEMO"}
    }
    environment.update({
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "NEWSDESK_PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "STATIC_ROOT": str(folder / "static"),
        "SECRET_KEY": "browser-tests-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: production's TLS-only cookies and redirects would
        # keep the browser from following what a reader behind TLS gets.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        # The footer's filing numbers, so the pages carry all their furniture.
        "NEWSDESK_ICP_NUMBER": "鄂ICP备00000000号-1",
        "NEWSDESK_PSB_NUMBER": "鄂公网安备00000000000000号",
        "NEWSDESK_NEWS_LICENCE": "00000000000",
        "NEWSDESK_CONTACT_EMAIL": "desk@example.com",
        "PYTHONUNBUFFERED": "1",
    })
    return environment


def manage(environment, *args, log):
    """One manage.py command; its output goes to the run's server log."""
    log.write(f"$ manage.py {' '.join(args)}\n")
    log.flush()
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        stdout=log, stderr=subprocess.STDOUT, check=True, timeout=180,
    )
    log.write(f"({time.monotonic() - started:.1f} s)\n")
    log.flush()


def wait_until_answering(url, process, log_path):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the test server stopped at start; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own http URL)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"the test server did not answer {url} within {SERVER_START_SECONDS} s")


@pytest.fixture(scope="package")
def chromium_path():
    """Skips the browser tests, with the reason, where Debian's Chromium is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium fonts-noto-cjk; .ci/run installs it)"
        )
    return CHROMIUM


@pytest.fixture(scope="package")
def site_url(chromium_path):
    """The demo newsroom served on 127.0.0.1 from a temporary folder, DEBUG off."""
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-browser-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = artifacts_dir() / "server.log"
    environment = site_environment(folder, port)
    log_path.write_text("")
    # Appending: the commands write to the same file, and each write must land at its end.
    with open(log_path, "a", encoding="utf-8") as log:
        # The demo loads only in demo mode; the server then runs as production does.
        setup = {**environment, "DEBUG": "1", "NEWSDESK_DEMO": "1"}
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT, env={**environment, "DEBUG": "0"}, stdout=log, stderr=subprocess.STDOUT,
        )
        manage(setup, "migrate", "--noinput", "--verbosity", "0", log=log)
        # Pictures smaller than the default 1200x800 take a third off the demo's load time
        # and still get a srcset of several renditions.
        manage(setup, "load_demo", "--site-url", url, "--photo-size", "640x427", log=log)
        assert static.wait(timeout=180) == 0, f"collectstatic failed; see {log_path}"
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.serve", str(port)], cwd=ROOT,
            env={**environment, "DEBUG": "0"}, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            wait_until_answering(url + "/", server, log_path)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="package")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True,
        )
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def screenshots():
    """The run's screenshot folder, emptied of an earlier run's, and what is in it already:
    each page once per run and language, at each width."""
    folder = artifacts_dir() / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder, set()


@pytest.fixture
def reader(browser, site_url, screenshots, request):
    """A reader whose browser asks for Chinese, in a fresh profile (no cookies).

    Every page it visits is checked for script errors and failed requests when the
    test ends, so each test also guards the pages it passes through.
    """
    context = browser.new_context(
        base_url=site_url, locale="zh-CN", timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(10_000)
    reader = Reader(context.new_page(), site_url, *screenshots)
    yield reader
    problems = reader.problems
    context.close()
    report = getattr(request.node, "rep_call", None)
    if problems:
        print("Pages had errors:", *problems, sep="\n")
    if problems and report is not None and report.passed:
        pytest.fail("Pages had errors:\n" + "\n".join(problems), pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, so fixtures can see whether it passed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
