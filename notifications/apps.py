from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and deadline sweeps"

    def ready(self):
        from . import feedback  # noqa: F401  (connects the receiver for young people's answers about promises)
