"""`cds resources` (filled in by the cards work)."""
