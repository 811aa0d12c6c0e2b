"""Open data: exports per body and national (CSV, JSON), the open-data page, and Atom feeds."""
