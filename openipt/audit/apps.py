from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules

from .database import install_after_migrate


class AuditConfig(AppConfig):
    name = "openipt.audit"
    label = "audit"

    def ready(self):
        # After every migrate (and every flush): a rebuilt table loses its triggers.
        post_migrate.connect(install_after_migrate, sender=self)
        # Each app declares the audit actions it writes in its own audit_events.py
        # (audit/events.py); record() refuses any other.
        autodiscover_modules("audit_events")
