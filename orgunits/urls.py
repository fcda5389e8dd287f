from django.urls import path

from orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("tim/", views.unit_search, name="search"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/sua/", views.unit_edit, name="edit"),
    path("<int:parent_pk>/them/", views.unit_create, name="create"),
    path("sap-xep-truoc-2025/", views.reorganization, name="reorganization"),
    path("<int:pk>/lich-su-to-chuc/", views.lineage_add, name="lineage_add"),
]
