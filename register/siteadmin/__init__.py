"""The site administrator: adds bodies and invites their first griffie."""
