from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "openipt.measures"
    label = "measures"
    verbose_name = "Measures"

    def ready(self):
        # Tell protocol whether this app holds what an agenda task asks for.
        from . import tool_records  # noqa: F401, PLC0415 (registers on import)
