"""Excel (.xlsx) import and templates of the two directories (名录库).

The contract is docs/import-format.md: `read_directory` parses and validates a
file without writing anything, `build_template` produces the matching blank form.
"""

from workers.xlsx.reader import ReadResult, RowError, read_directory
from workers.xlsx.templates import build_template

__all__ = ["ReadResult", "RowError", "build_template", "read_directory"]
