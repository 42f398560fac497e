"""Django settings, from the environment (`csc serve` sets them; docs/deploy.md lists them).

CSC_STORE             the DuckDB store whose published copies the pages read
CSC_WEB_DB            the SQLite file for users, roles, targets, commentary and the audit log
                      (default: csc-web.sqlite3 beside the store)
CSC_DATABASE_URL      postgresql://user:password@host:port/name: a shared deployment's database,
                      instead of SQLite
CSC_SECRET_KEY        the signing key; default: a key generated once into csc-web.key beside
                      the web database (readable by its owner only)
CSC_ALLOWED_HOSTS     comma-separated host names the server answers to (default: localhost)
CSC_TLS               1 behind HTTPS: secure cookies, HSTS, redirect to https
CSC_SESSION_MINUTES   a signed-in session's idle lifetime (default 60; renewed at most once a
                      minute, so it ends up to a minute sooner)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from csc_insight.store import db

PACKAGE = Path(__file__).resolve().parent
STORE = db.store_path(os.environ.get("CSC_STORE"))
WEB_DB = Path(os.environ.get("CSC_WEB_DB") or STORE.with_name("csc-web.sqlite3"))


KEY_FILE = WEB_DB.with_name("csc-web.key")


def make_key_file() -> None:
    """The signing key, generated once and readable by its owner only (`csc serve` and `csc
    user add` call this before Django starts, so that every worker signs with the same key)."""
    if KEY_FILE.exists():
        return
    KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(50))


def _secret_key() -> str:
    if key := os.environ.get("CSC_SECRET_KEY"):
        return key
    if KEY_FILE.exists():
        return KEY_FILE.read_text().strip()
    # Not served (a type check, a test): a key for this process alone.
    return secrets.token_urlsafe(50)


def _database() -> dict[str, Any]:
    url = os.environ.get("CSC_DATABASE_URL")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(WEB_DB)}
    u = urlparse(url)
    if u.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"CSC_DATABASE_URL must be postgresql://...; got {u.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": u.path.lstrip("/"),
        "USER": unquote(u.username or ""),
        "PASSWORD": unquote(u.password or ""),
        "HOST": u.hostname or "",
        "PORT": str(u.port or ""),
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = os.environ.get("CSC_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
TLS = os.environ.get("CSC_TLS") == "1"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csc_insight.web.apps.WebConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csc_insight.web.security.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "csc_insight.web.security.RenewSession",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csc_insight.web.security.SignInRequired",
]
ROOT_URLCONF = "csc_insight.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csc_insight.web.roles.context",
            ]
        },
    }
]
WSGI_APPLICATION = "csc_insight.web.wsgi.application"
DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (OWASP's first choice for password storage); the others only read older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before checking it
    "csc_insight.web.security.ProfileBackend",  # Django's, with the role in the same query
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Sign-in attempts: 5 failures for a user name from one address lock them out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

# Sessions end after an idle hour and when the browser closes. Requests renew them, written at
# most once a minute (security.RenewSession), not on every page.
SESSION_COOKIE_AGE = int(os.environ.get("CSC_SESSION_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ENGINE = "csc_insight.web.sessions"  # Django's database sessions, read in one query
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = TLS
SECURE_SSL_REDIRECT = TLS
SECURE_HSTS_SECONDS = 31_536_000 if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TLS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STATIC_URL = "/static/"
STATIC_ROOT = None  # nothing collected: WhiteNoise serves from the package (finders)
# The package's own assets, and GOV.UK Frontend and Vega from npm (scripts/install puts them in
# web/assets/node_modules from package-lock.json): served from this machine, never a CDN.
ASSETS = PACKAGE / "assets" / "node_modules"
STATICFILES_DIRS = [
    ("govuk", ASSETS / "govuk-frontend" / "dist" / "govuk"),
    ("vega", ASSETS / "vega" / "build"),
    ("vega-lite", ASSETS / "vega-lite" / "build"),
    ("vega-embed", ASSETS / "vega-embed" / "build"),
    ("vega-interpreter", ASSETS / "vega-interpreter" / "build"),
]
WHITENOISE_USE_FINDERS = True  # serve straight from the package and node_modules
WHITENOISE_AUTOREFRESH = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
