from django.conf import settings


def utility(request) -> dict:
    """The utility's name and support phone, for the header and footer of every page."""
    return {"utility": settings.UTILITY}
