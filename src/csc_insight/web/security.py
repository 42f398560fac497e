"""Middleware: a sign-in before any page, and a Content Security Policy on every response.

SignInRequired sends a signed-out request for any URL to the sign-in page (or 401 for a CSV),
except the sign-in page itself and the static assets: new URLs are closed by default, so a view
cannot be left open by forgetting a decorator. tests/web enumerate the URL conf to check it.

The CSP allows scripts, styles, images and fonts from this server only: no inline script or
style attribute (`unsafe-inline`) and no `eval`, which is why the charts use Vega's CSP-safe
expression interpreter. Frames are refused (frame-ancestors 'none', with X-Frame-Options).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

#: Paths anyone may request: the sign-in page and the static assets.
OPEN = ("/sign-in/", "/static/")


class ContentSecurityPolicy:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class SignInRequired:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(OPEN):
            if request.method != "GET" or request.path.endswith(".csv"):
                return HttpResponse("Sign in first.", status=401, content_type="text/plain")
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
