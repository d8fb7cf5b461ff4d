"""Loaded by pytest before Django (``-p tests.environment`` in pyproject.toml).

Settings refuse to start without a SECRET_KEY when DEBUG is off, as production
must; the test run supplies a throwaway one. HTTPS redirects are production
behaviour that the test client would only trip over.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ["NEWSDESK_DEMO"] = "0"
