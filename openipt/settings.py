"""OpenIPT settings: the one settings module, read from the environment.

Production differs from the demo and the tests only by environment variables
(see docs/deploy.md for the full list). Defaults are the safe production ones;
the demo and the test runner relax them explicitly.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_secret(name):
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd style)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


DEBUG = env_bool("DEBUG", False)
# Demo mode: seeded data, relaxed second factor, plain HTTP on loopback.
DEMO = env_bool("OPENIPT_DEMO", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY or SECRET_KEY_FILE (`make demo` writes one).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "openipt.accounts",
    "openipt.audit",
    "openipt.caseload",
    "openipt.protocol",
    "openipt.measures",
    "openipt.formulation",
    "openipt.worksheets",
    "openipt.groups",
    "openipt.outcomes",
    "openipt.reminders",
    "openipt.clinic",
    "openipt.portal",
    "openipt.demo",
    "openipt.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the browser's language
    # (the switcher's cookie, then Accept-Language) for everyone; PersonLanguageMiddleware
    # below replaces it by a signed-in person's own choice.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openipt.accounts.middleware.PersonLanguageMiddleware",
    "openipt.accounts.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "openipt.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openipt.urls"
WSGI_APPLICATION = "openipt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openipt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openipt.accounts.context_processors.session_timeout",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'openipt.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# PostgreSQL connection pool (psycopg_pool, installed with psycopg[pool]): each worker
# process keeps up to DATABASE_POOL_SIZE connections open and lends one to each request,
# so no request opens a connection and the number of connections is bounded
# (docs/deploy.md, "Connections and workers"). A pool replaces persistent connections.
DATABASE_POOL = env_bool("DATABASE_POOL", False)
if DATABASE_POOL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL needs PostgreSQL (DATABASE_URL=postgres://...).")
    if DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("DATABASE_POOL replaces DATABASE_CONN_MAX_AGE: leave it at 0.")
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DATABASE_POOL_SIZE", 4),
        # A request waits this long for a free connection before it fails.
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
# PostgreSQL's JIT compiler starts on queries whose estimated cost passes jit_above_cost.
# The caseload's query (correlated subqueries the planner overestimates) spent 360 of
# its 365 ms compiling and 6 ms running (docs/bench.md): short pages gain nothing from
# it, so it is off for the app's connections unless DATABASE_JIT=1.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "DATABASE_JIT", False
):
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades inside atomic blocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("OPENIPT_FAST_PASSWORD_HASHER", False):
    # Tests only: Argon2 is deliberately slow; the suite hashes thousands of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Second factor: required for staff unless explicitly turned off (the demo turns it off).
OPENIPT_REQUIRE_2FA = env_bool("OPENIPT_REQUIRE_2FA", not DEMO)
OTP_TOTP_ISSUER = "OpenIPT"

# Client addresses behind reverse proxies (docs/deploy.md): how many proxies in front of the
# app append the address they saw to OPENIPT_CLIENT_IP_HEADER. 0 (the default): the app is
# reached directly and the connection's address is the client's.
OPENIPT_TRUSTED_PROXY_COUNT = env_int("OPENIPT_TRUSTED_PROXY_COUNT", 0)
OPENIPT_CLIENT_IP_HEADER = env_str("OPENIPT_CLIENT_IP_HEADER", "X-Forwarded-For")

# Lockout after repeated failed sign-ins (django-axes, accounts/lockout.py): a username is
# locked for one address after OPENIPT_LOGIN_FAILURE_LIMIT failures from it, and for every
# address after OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME failures from anywhere.
AXES_FAILURE_LIMIT = env_int("OPENIPT_LOGIN_FAILURE_LIMIT", 5)
OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME = env_int("OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME", 20)
if OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME must be at least OPENIPT_LOGIN_FAILURE_LIMIT."
    )
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPENIPT_LOCKOUT_MINUTES", 15))
# Read in this order by accounts.lockout.UsernameAndAddressHandler.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "openipt.accounts.lockout.UsernameAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lockouts count addresses the way the audit trail records them.
AXES_CLIENT_IP_CALLABLE = "openipt.audit.record.client_ip"

# Inactivity logout: the session expires this many seconds after the last request.
SESSION_COOKIE_AGE = env_int("OPENIPT_INACTIVITY_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# PHQ-A's licence is UNSETTLED (docs/instruments.md): offered on the form only when turned on.
OPENIPT_SHOW_PHQA = env_bool("OPENIPT_SHOW_PHQA", False)
# Reliable improvement rule (docs/outcomes.md): "strict" (default) or "any".
OPENIPT_RELIABLE_IMPROVEMENT_RULE = env_str("OPENIPT_RELIABLE_IMPROVEMENT_RULE", "strict")
if OPENIPT_RELIABLE_IMPROVEMENT_RULE not in {"strict", "any"}:
    raise ImproperlyConfigured("OPENIPT_RELIABLE_IMPROVEMENT_RULE must be 'strict' or 'any'.")

# Client invitations.
OPENIPT_INVITATION_DAYS = env_int("OPENIPT_INVITATION_DAYS", 7)

# The retention rule a new organisation starts with (its admin changes it on the
# organisation page): clinical records are kept this many years after the client's last
# episode closed, then erased. 20 years is the NHS England Records Management Code of
# Practice 2021 period for mental health records (docs/deploy.md, "Retention and erasure").
OPENIPT_RETENTION_YEARS = env_int("OPENIPT_RETENTION_YEARS", 20)

# HTTPS: on by default; only the loopback demo and the test server turn it off.
HTTPS = env_bool("OPENIPT_HTTPS", True)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Languages (docs/languages.md). LANGUAGE_CODE is the fallback: a page, a message or a
# questionnaire without a translation is shown in it. OPENIPT_LANGUAGES lists the codes
# offered; a new one needs its catalogue under openipt/locale/ (or a directory named in
# OPENIPT_LOCALE_PATHS) and no code change. Names come from Django's own language table.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    (code, LANG_INFO[code]["name_local"]) for code in env_list("OPENIPT_LANGUAGES", "en-gb,nl,fr")
]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured("OPENIPT_LANGUAGES must include the fallback language en-gb.")
LOCALE_PATHS = [BASE_DIR / "openipt" / "locale", *env_list("OPENIPT_LOCALE_PATHS")]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "openipt" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Email: console by default (the demo prints mails); SMTP through EMAIL_URL-style variables.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OpenIPT <no-reply@openipt.invalid>")

# Reminders (docs/reminders.md). Links in messages sent by the worker start with this.
OPENIPT_SITE_URL = env_str("OPENIPT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# SMS: a backend class (openipt.reminders.sms), the sender, and how national numbers are read.
OPENIPT_SMS_BACKEND = env_str("OPENIPT_SMS_BACKEND", "openipt.reminders.sms.ConsoleBackend")
OPENIPT_SMS_FROM = env_str("OPENIPT_SMS_FROM")
OPENIPT_SMS_COUNTRY_CODE = env_str("OPENIPT_SMS_COUNTRY_CODE", "44")
# Texts clients send back (STOP): the provider's callback. Backends without a provider
# signature require this shared secret in a header; the URL is the one the provider signs,
# when the proxy changes what the app sees.
OPENIPT_SMS_CALLBACK_SECRET = env_secret("OPENIPT_SMS_CALLBACK_SECRET")
OPENIPT_SMS_CALLBACK_URL = env_str("OPENIPT_SMS_CALLBACK_URL")
OPENIPT_TWILIO_ACCOUNT_SID = env_str("OPENIPT_TWILIO_ACCOUNT_SID")
OPENIPT_TWILIO_AUTH_TOKEN = env_secret("OPENIPT_TWILIO_AUTH_TOKEN")
OPENIPT_TWILIO_MESSAGING_SERVICE_SID = env_str("OPENIPT_TWILIO_MESSAGING_SERVICE_SID")
# How long the stop link in a message works.
OPENIPT_STOP_LINK_DAYS = env_int("OPENIPT_STOP_LINK_DAYS", 90)
# The scheduler and the worker are reported silent after this many minutes.
OPENIPT_HEARTBEAT_MINUTES = env_int("OPENIPT_HEARTBEAT_MINUTES", 15)

# Background work: the database-backed task queue (run `openipt db-worker`).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
