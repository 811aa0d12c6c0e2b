"""Recusals (onthoudingen) and the politician's public context notes (right of reply)."""
