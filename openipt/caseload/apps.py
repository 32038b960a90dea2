from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "openipt.caseload"
    label = "caseload"
