import importlib.util

from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from danvan import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tai-khoan/", include("accounts.urls")),
    path("don-vi/", include("orgunits.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri-he-thong/", admin.site.urls),
]

# Capabilities that land later mount themselves here when their app is installed.
_OPTIONAL = [
    ("initiatives", "mo-hinh/"),
    ("awards", "khen-thuong/"),
    ("stats", "thong-ke/"),
    ("reports", "bao-cao/"),
    ("dashboard", "tong-quan/"),
    ("imports", "nhap-du-lieu/"),
    ("showcase", "cong-khai/"),
    ("api", "api/"),
]
for _app, _prefix in _OPTIONAL:
    if apps.is_installed(_app) and importlib.util.find_spec(f"{_app}.urls"):
        urlpatterns.append(path(_prefix, include(f"{_app}.urls")))
