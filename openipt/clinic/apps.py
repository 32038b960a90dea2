from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "openipt.clinic"
    label = "clinic"
