"""Starting Django from the command line: `csc serve`, `csc user`. One place sets the environment
the settings read (the store, the web database) before Django is imported."""

from __future__ import annotations

import os
from pathlib import Path

from csc_insight.errors import CscError
from csc_insight.store import db, published


def django_for(store: Path | None) -> None:
    """Point the settings at this store and start Django, with its database migrated."""
    path = db.store_path(store).resolve()
    os.environ["CSC_STORE"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_insight.web.settings")
    import django
    from django.core.management import call_command

    from csc_insight.web import settings

    settings.make_key_file()
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def publish_first(store: Path | None) -> Path:
    """The store's published copy for the dashboard, made now if there is none (from then on,
    every `csc compute` publishes; store/published.py)."""
    path = db.store_path(store)
    if not path.exists():
        raise CscError(db.missing_store_message(path))
    found = published.latest(path)
    if found is not None:
        return found
    con = db.connect(path)
    try:
        return published.publish(con, path)
    finally:
        con.close()
