from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from duban.core.navigation import NavEntry, nav_register

        from . import permissions

        nav_register(
            NavEntry(
                order=110,
                label="系统管理",
                url_name="accounts:account_list",
                prefix="/accounts/manage/",
                allowed=permissions.can_manage_accounts,
            ),
        )
