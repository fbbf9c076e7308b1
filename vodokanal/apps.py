from django.apps import AppConfig


class VodokanalConfig(AppConfig):
    """The project package as an app: home page, health check, shared template tags."""

    name = "vodokanal"
    verbose_name = "Vodokanal"
