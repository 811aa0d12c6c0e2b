"""Search across all bodies, and organisation pages that bring together everyone tied to one organisation.

The key that joins declarations at one organisation is a model rule: register/models/organisations.py.
"""
