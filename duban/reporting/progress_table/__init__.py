"""The progress table (进展表): the one home of reading, checking and writing it.

- `columns`: what its columns mean (fields, header synonyms, roles) → `TableHints`;
- `rows`: one row read into a `RowDraft` and checked (problems name the row);
- `preview`: the whole table checked against the organization tree, and the names that
  need the office's decision;
- `decisions`: the office's decision for a name outside the tree (`DepartmentDecision`);
- `apply`: a checked table written into the ledger, all or nothing;
- `driver`: `progress_table_load`, the one entry point of the web upload (through
  `batch.py`, the import kind), the worker job and the `import_table` command.
"""
