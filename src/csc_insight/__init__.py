"""csc-insight: performance intelligence for children's services."""

__version__ = "0.1.0"
