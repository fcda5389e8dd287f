from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("nhat-ky-dang-nhap/", views.signin_log, name="signin_log"),
    path("da-xoa/", views.deleted_list, name="deleted"),
    path("da-xoa/<slug:kind>/<int:pk>/khoi-phuc/", views.deleted_restore, name="deleted_restore"),
    path("phan-cong/<int:pk>/xoa/", views.assignment_remove, name="assignment_remove"),
]
