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
    path("mo-hinh/", include("initiatives.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("thong-ke/", include("stats.urls")),
    path("bao-cao/", include("reports.urls")),
    path("tong-quan/", include("dashboard.urls")),
    path("nhap-du-lieu/", include("imports.urls")),
    path("cong-khai/", include("showcase.urls")),
    path("api/", include("api.urls")),
    path("thong-bao/", include("notifications.urls")),
]
