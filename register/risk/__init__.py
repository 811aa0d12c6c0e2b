"""The register warns first (issue 16): the belangencheck, the agreement catalogue and conflict hints."""
