"""Settings, read from the environment. Development defaults are safe; production refuses to
start without DJANGO_SECRET_KEY."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from danvan.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DANVAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
# Production mode: HTTPS only (HSTS, redirect, secure cookies); `manage.py check --deploy` is clean.
PRODUCTION = env_bool("DANVAN_PRODUCTION", False)
_DEV_SECRET = "dev-only-insecure-key-change-me"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET if DEBUG or env_bool("DANVAN_DEV", True) else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET and PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "axes",  # sign-in throttling and the sign-in log
    "ninja",  # django-ninja: serves the API docs UI from its own static files (no CDN)
    "danvan",
    "accounts",
    "orgunits",
    "initiatives",
    "awards",
    "stats",
    "reports",
    "imports",
    "api",
    "showcase",
    "dashboard",
    "notifications",
]

MIDDLEWARE = [
    "danvan.middleware.HealthCheckMiddleware",  # first: /healthz never waits for sessions or auth
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danvan.routers.ReplicaReadsMiddleware",  # dashboards and reports read from the replica, if any
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.middleware.VietnameseByDefaultLocaleMiddleware",  # ignores Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a sign-in that axes locked out into the login page with the lockout message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "danvan.context.navigation",
            ],
        },
    },
]

_SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _SQLITE_URL), conn_max_age=env_int("DANVAN_DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server and the background worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A test database of its own per test run, so runs on one server never trip over each other.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
# A streaming read replica for the dashboards and reports (docs/SCALING.md); none by default.
if env_str("DANVAN_REPLICA_URL", ""):
    from danvan.routers import replica_settings

    DATABASES["replica"] = replica_settings(env_str("DANVAN_REPLICA_URL", ""), DATABASES["default"])
DATABASE_ROUTERS = ["danvan.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every authenticate() first; it needs the request, which the login form passes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes), per account AND address: one person's typos never lock the
# account for everybody, and one busy office behind a NAT never locks out its colleagues.
# The cool-off grows with repeated lockouts (accounts.signin.cool_off).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("DANVAN_SIGNIN_MAX_FAILURES", 5)
SIGNIN_COOL_OFF_MINUTES = env_int("DANVAN_SIGNIN_COOL_OFF_MINUTES", 15)
SIGNIN_COOL_OFF_MAX_MINUTES = env_int("DANVAN_SIGNIN_COOL_OFF_MAX_MINUTES", 24 * 60)
AXES_COOLOFF_TIME = "accounts.signin.cool_off"
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "webkit.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the sign-in log shows failures as well as successes
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind a reverse proxy every request comes from the proxy: name the header it writes the client's
# address into (e.g. HTTP_X_FORWARDED_FOR) and how many trusted proxies stand in front.
DANVAN_TRUSTED_PROXY_HEADER = env_str("DANVAN_TRUSTED_PROXY_HEADER", "")
DANVAN_TRUSTED_PROXY_COUNT = env_int("DANVAN_TRUSTED_PROXY_COUNT", 1)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# Off: ids in URLs must never read "15.850". Figures are shown with the vn_int / vn_percent filters.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded files (evidence, scanned decisions) live outside the web root and are served by views
# that check access; they never get a public URL.
MEDIA_ROOT = Path(env_str("DANVAN_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/__media-not-served__/"  # no URL serves it; views stream files after an access check
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Every uploaded file (webkit/uploads.py): one size limit, checked before the content is read.
DANVAN_UPLOAD_MAX_BYTES = env_int("DANVAN_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DANVAN_MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email (notifications), through Django's mailers. Development writes each email as a file under
# var/mail/ (DANVAN_EMAIL_BACKEND=console prints them instead); production sets
# DANVAN_EMAIL_BACKEND=smtp and the DANVAN_EMAIL_* variables.
# In production mail goes out by SMTP unless told otherwise; a development backend there is an error.
_email_backend = env_str("DANVAN_EMAIL_BACKEND", "smtp" if PRODUCTION else "file")
_MAIL_BACKENDS = "django.core.mail.backends"
if _email_backend == "file":
    _mailer = {
        "BACKEND": f"{_MAIL_BACKENDS}.filebased.EmailBackend",
        "OPTIONS": {"file_path": env_str("DANVAN_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))},
    }
elif _email_backend == "console":
    _mailer = {"BACKEND": f"{_MAIL_BACKENDS}.console.EmailBackend"}
elif _email_backend == "smtp":
    _mailer = {
        "BACKEND": f"{_MAIL_BACKENDS}.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("DANVAN_EMAIL_HOST", "localhost"),
            "port": env_int("DANVAN_EMAIL_PORT", 25),
            "username": env_str("DANVAN_EMAIL_HOST_USER", ""),
            "password": env_str("DANVAN_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("DANVAN_EMAIL_USE_TLS", False),
            "use_ssl": env_bool("DANVAN_EMAIL_USE_SSL", False),
            "timeout": env_int("DANVAN_EMAIL_TIMEOUT", 20),
        },
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DANVAN_EMAIL_BACKEND must be file, console or smtp")
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env_str("DANVAN_EMAIL_FROM", "Dân vận khéo <khong-tra-loi@localhost>")
# The address links in emails start with (no request to take it from in the background job).
DANVAN_SITE_URL = env_str("DANVAN_SITE_URL", "http://127.0.0.1:8000")
# Reminders before a form's deadline (days left) and how long after it "overdue" is still sent.
NOTIFICATIONS_DEADLINE_DAYS = [7, 3, 1]
NOTIFICATIONS_OVERDUE_WINDOW_DAYS = 30
NOTIFICATIONS_DAILY_HOUR = env_int("DANVAN_NOTIFICATIONS_HOUR", 6)
# A report PDF job still running after this many minutes is treated as failed (its worker was
# killed) and may be retried.
REPORTS_PDF_JOB_MINUTES = 10
# Test only (lib/testpoints.py): a folder where the crash-safety tests arm named pause points.
DANVAN_TEST_PAUSE_DIR = env_str("DANVAN_TEST_PAUSE_DIR", "")
if PRODUCTION and DANVAN_TEST_PAUSE_DIR:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DANVAN_TEST_PAUSE_DIR is for tests; unset it in production")

# Static files come straight from the app directories and static/ when not in production, so
# `make run` works without DEBUG and without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SECURE_HSTS_SECONDS = env_int("DANVAN_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DANVAN_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DANVAN_HSTS_PRELOAD", True)
    # Off when the TLS proxy already redirects http to https and Django never sees plain http.
    SECURE_SSL_REDIRECT = env_bool("DANVAN_SSL_REDIRECT", True)
if env_bool("DANVAN_PROXY_SSL_HEADER", bool(DANVAN_TRUSTED_PROXY_HEADER)):
    # The TLS-terminating proxy says the original request was https (nginx: X-Forwarded-Proto).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from django.utils.csp import CSP  # noqa: E402

# Everything is served from this host; no CDN, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
