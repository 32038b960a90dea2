from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openipt.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
