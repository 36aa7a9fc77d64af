"""`cds init`, `cds status`, `cds check`."""
