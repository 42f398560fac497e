"""Comparators: DfE published figures for the authority, its statistical neighbours, the region
and England, mapped to catalogue indicators through each entry's ``comparators:`` keys; and the
bundled figures (the seed pack's, and the DfE's for England and London: docs/comparators.md)."""
