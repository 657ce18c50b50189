"""An invented review round (every name assembled from word lists), for the sample
workbook, the benchmarks and the tests. Imports the core modules and the roster;
nothing in the package imports it."""

from .synth import NOT_SIX_MONTHS, add_months, grade_counts, make_rows

__all__ = ["NOT_SIX_MONTHS", "add_months", "grade_counts", "make_rows"]
