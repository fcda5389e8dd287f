from django.urls import path

from showcase import views

app_name = "showcase"
urlpatterns = [
    path("", views.showcase_list, name="list"),
    path("<int:pk>/", views.showcase_detail, name="detail"),
    path("anh/<int:pk>/", views.photo, name="photo"),
]
