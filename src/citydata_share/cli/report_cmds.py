"""`cds report` and `cds resources` (filled in by the report work)."""
