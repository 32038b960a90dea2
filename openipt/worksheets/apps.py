from django.apps import AppConfig


class WorksheetsConfig(AppConfig):
    name = "openipt.worksheets"
    label = "worksheets"
    verbose_name = "Worksheets and homework"
