"""One module per file format: read → records, records → file. No Qt here."""
