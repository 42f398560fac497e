"""The WSGI application a production server (gunicorn) serves: docs/deploy.md."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_insight.web.settings")
application = get_wsgi_application()

if os.environ.get("CSC_WARM") == "1":  # csc serve: build the latest month's pages before forking
    from csc_insight.web import data

    data.warm()
