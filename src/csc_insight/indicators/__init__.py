"""The indicator catalogue (YAML + SQL) and the engine that evaluates it into the results table."""
