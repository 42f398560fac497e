from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "csc_insight.web"
    label = "csc_web"
    verbose_name = "csc-insight dashboard"
