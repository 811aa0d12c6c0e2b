"""E-mail alerts: follow a politician, a fractie or a body (double opt-in, daily digest, one-click unsubscribe)."""
