"""Sessions in the database, as Django keeps them (django.contrib.sessions.backends.db), read
with one plain query: a session is read on every page, where composing the ORM's query cost
more than reading the row."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, router
from django.utils import timezone

from csc_insight.web.security import as_python


class SessionStore(DatabaseStore):
    def _get_session_from_db(self) -> AbstractBaseSession | None:
        model = self.model
        alias = router.db_for_read(model)
        table = model._meta.db_table
        con = connections[alias]
        with con.cursor() as cur:
            cur.execute(
                f"SELECT session_key, session_data, expire_date FROM {table} "
                "WHERE session_key = %s AND expire_date > %s",
                [self.session_key, con.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cur.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model.from_db(
            alias, ["session_key", "session_data", "expire_date"], as_python(model, row)
        )
