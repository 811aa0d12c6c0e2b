"""Signals (meldingen) from outside: submission without an account, triage by the griffie, wederhoor, outcome."""
