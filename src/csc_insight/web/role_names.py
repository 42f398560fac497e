"""The dashboard's roles by name, without Django: `csc user add --role` offers them before
Django starts; roles.py says what each may see and do."""

from __future__ import annotations

ROLES = ("viewer", "finance", "manager", "analyst", "admin")
