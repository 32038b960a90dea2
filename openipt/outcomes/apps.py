from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "openipt.outcomes"
    label = "outcomes"
    verbose_name = "Service outcomes"

    def ready(self):
        # The actions below this app name the moments an episode's facts change
        # (caseload/events.py); the summary follows each of them in the same transaction.
        from .summaries import listen_to_episode_events  # noqa: PLC0415 (models load first)

        listen_to_episode_events()
