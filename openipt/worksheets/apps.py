from django.apps import AppConfig


class WorksheetsConfig(AppConfig):
    name = "openipt.worksheets"
    label = "worksheets"
    verbose_name = "Worksheets and homework"

    def ready(self):
        # Tell protocol whether this app holds what an agenda task asks for.
        from . import tool_records  # noqa: F401, PLC0415 (registers on import)
