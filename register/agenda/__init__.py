"""Agendas imported by the griffie and matched against the register, before each meeting (issue 16 item 5)."""
