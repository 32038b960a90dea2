from django.apps import AppConfig

from .phases import validate_all


class ProtocolConfig(AppConfig):
    name = "openipt.protocol"
    label = "protocol"
    verbose_name = "IPT protocol"

    def ready(self):
        # A broken modality definition must stop the server at start-up, not
        # surface as a wrong agenda in the middle of a client's course.
        validate_all()
