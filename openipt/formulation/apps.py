from django.apps import AppConfig


class FormulationConfig(AppConfig):
    name = "openipt.formulation"
    label = "formulation"
    verbose_name = "Case formulation"

    def ready(self):
        # Tell protocol whether this app holds what an agenda task asks for.
        from . import tool_records  # noqa: F401, PLC0415 (registers on import)
