from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reminders and notifications to clients and staff: what is due, the scheduler
    (`openipt run-due`), delivery by e-mail and SMS, and the message log (docs/reminders.md)."""

    name = "openipt.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        # Every task the worker runs is a sign of life (operations.health).
        from . import signals  # noqa: F401, PLC0415
