from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openipt.demo"
    label = "demo"
    verbose_name = "Demonstration data"
