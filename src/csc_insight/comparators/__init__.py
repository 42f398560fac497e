"""Comparators: DfE published figures for the authority, its statistical neighbours, the region
and England, mapped to catalogue indicators through each entry's ``comparators:`` keys."""
