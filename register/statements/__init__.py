"""Privacy statement, colofon and accessibility statement: per body and for the register as a whole."""
