"""Loaded by pytest before Django (``-p tests.environment`` in pyproject.toml).

Settings refuse to start without a SECRET_KEY when DEBUG is off, as production
must; the test run supplies a throwaway one. HTTPS redirects are production
behaviour that the test client would only trip over.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ["NEWSDESK_DEMO"] = "0"

# Under pytest-xdist every worker is a process of its own with its own test database
# (pytest-django suffixes its name, conftest.py names the SQLite file by process); the
# cache must be its own too, since each test starts by emptying it: worker N takes the
# Redis database N below the one REDIS_URL names.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(os.environ["REDIS_URL"])
    _base = int(_url.path.strip("/") or 0)
    _db = _base - int(_worker[2:])
    if _db < 0:
        raise RuntimeError(f"REDIS_URL's database {_base} leaves no Redis database for {_worker}")
    os.environ["REDIS_URL"] = urlunsplit(_url._replace(path=f"/{_db}"))
