from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CaseloadConfig(AppConfig):
    name = "openipt.caseload"
    label = "caseload"

    def ready(self):
        # Each app that holds clinical records registers its eraser in its own erasure.py
        # (caseload/erasure.py), so erasing a client reaches every record of theirs.
        autodiscover_modules("erasure")
