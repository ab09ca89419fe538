from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and deadline sweeps"

    def ready(self):
        from . import concern_additions, feedback, young_person_texts  # noqa: F401  (connect the receivers: what young
        # people add to a worry, their answers about promises, and the texts to young people)
