""""Te doen": each role's waiting work, on one page and as counts in the navigation."""
