"""Signs of life of the background processes the site depends on."""

from django.db import models


class Heartbeat(models.Model):
    """The last time a background process was seen working: the scheduler (`openipt
    run-due`, at the end of every pass) and the task worker (`openipt db-worker`,
    whenever it runs a task). Risk mails and reminders go out only while both run."""

    name = models.CharField(max_length=20, unique=True)
    # None until it is first seen (a probe may be sent before that).
    beat_at = models.DateTimeField(null=True, blank=True)
    # The scheduler asks an idle worker to show it is alive (health.probe_worker).
    probe_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} heartbeat"
