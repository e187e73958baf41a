from django.contrib.auth import views as auth_views
from django.urls import path

from . import otp_views, views, views_admin

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views_admin.OwnPasswordChangeView.as_view(), name="password_change"),
    path("manage/", views_admin.account_list, name="account_list"),
    path("manage/new/", views_admin.account_create, name="account_create"),
    path("manage/<int:pk>/", views_admin.account_edit, name="account_edit"),
    path(
        "manage/<int:pk>/password/",
        views_admin.account_password_reset,
        name="account_password_reset",
    ),
    path("manage/<int:pk>/unlock/", views_admin.account_unlock, name="account_unlock"),
    path("otp/setup/", otp_views.otp_setup, name="otp_setup"),
    path("otp/verify/", otp_views.otp_verify, name="otp_verify"),
    path("otp/backup-codes/", otp_views.otp_backup_codes, name="otp_backup_codes"),
    path("otp/reset/<int:user_id>/", otp_views.otp_reset, name="otp_reset"),
]
