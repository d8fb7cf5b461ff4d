"""Production settings: safe by default, loud when a secret is missing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "news.example.com",
    "DATABASE_URL": "sqlite:////tmp/newsdesk-deploy-check.sqlite3",
}


def manage(*args, **env):
    """Run manage.py in a clean process with only the given configuration."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env={**keep, **env}, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    """`check --deploy` reports nothing with production settings."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_production_start():
    """Without DEBUG and without SECRET_KEY the app refuses to start, saying why."""
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked():
    """Production needs nothing to turn DEBUG off."""
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)",
                    **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_cache_round_trip_on_the_configured_backend(settings):
    """The cache works, and it is Redis when REDIS_URL says so (CI's production-like run)."""
    from django.core.cache import cache

    expected = "RedisCache" if os.environ.get("REDIS_URL") else "LocMemCache"
    assert settings.CACHES["default"]["BACKEND"].endswith(expected)
    cache.set("newsdesk-settings-test", {"稿件": 1}, timeout=10)
    assert cache.get("newsdesk-settings-test") == {"稿件": 1}
    cache.delete("newsdesk-settings-test")
