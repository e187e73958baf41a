from django.contrib.auth import views as auth_views
from django.urls import path

from . import otp_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/setup/", otp_views.otp_setup, name="otp_setup"),
    path("otp/verify/", otp_views.otp_verify, name="otp_verify"),
    path("otp/backup-codes/", otp_views.otp_backup_codes, name="otp_backup_codes"),
    path("otp/reset/<int:user_id>/", otp_views.otp_reset, name="otp_reset"),
]
