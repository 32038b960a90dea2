from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running a site: the production checks of `openipt check --deploy`, and
    `openipt backup` / `openipt restore` (docs/deploy.md)."""

    name = "openipt.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        # Importing the module registers the deployment checks, once apps are ready.
        from . import checks  # noqa: F401, PLC0415
