from django.apps import AppConfig


class FormulationConfig(AppConfig):
    name = "openipt.formulation"
    label = "formulation"
    verbose_name = "Case formulation"
