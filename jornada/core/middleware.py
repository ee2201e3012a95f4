from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """Add the headers Django's SecurityMiddleware does not: CSP and a permissions policy.

    The CSP allows no inline script or style anywhere, so injected markup cannot run.

    Pages carrying a form get ``Referrer-Policy: same-origin`` instead of the site-wide
    ``no-referrer``: under ``no-referrer`` browsers send ``Origin: null`` with the form's POST,
    which CSRF protection must refuse. ``same-origin`` still sends nothing to other sites.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Content-Security-Policy", settings.JORNADA_CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
