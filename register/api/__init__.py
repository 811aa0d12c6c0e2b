"""The read-only JSON API (/api/v1/) with its OpenAPI description."""
