"""Readers turn a file into a `SourceTable`: header fields plus rows of cell texts.

They know file formats and table shapes (rowspans, blank-line-separated cells), not the
domain: what a header means and what a status looks like come in through `TableHints`.
"""

from .base import ReadError, SourceRow, SourceTable, TableHints
from .detect import read_table

__all__ = ["ReadError", "SourceRow", "SourceTable", "TableHints", "read_table"]
