"""The canonical store: schema, calendar, and loading."""
