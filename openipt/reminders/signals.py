"""The task worker's heartbeat: every task it starts is a sign of life (operations.health)."""

from django.dispatch import receiver
from django_tasks.signals import task_started

from openipt.operations import health


@receiver(task_started)
def worker_is_alive(sender, task_result, **kwargs):
    health.beat(health.WORKER)
