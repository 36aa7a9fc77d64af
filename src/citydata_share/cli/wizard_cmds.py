"""`cds readiness`, `cds discover`: the wizard commands (filled in by the wizard work)."""
