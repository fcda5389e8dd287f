from django.urls import path

from api import views
from api.main import api

app_name = "api"
urlpatterns = [
    path("v1/", api.urls),
    path("khoa/", views.token_page, name="tokens"),
    path("khoa/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
