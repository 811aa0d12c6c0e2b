"""Pages for operators: /readyz (readiness) and /metrics (Prometheus). /healthz (liveness) is in public/routes.py.

Neither is ever cached (this blueprint is not one the response cache serves, and both say no-store); /metrics
is only for the addresses and token in the settings (register/access.py, rule OPERATOR).
"""
from flask import Blueprint, Response, jsonify
from prometheus_client import CONTENT_TYPE_LATEST

from register import metrics, readiness

bp = Blueprint("ops", __name__)
NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/readyz")
def readyz():
    """200 when the database answers and its schema is at the newest migration; 503 with the reason otherwise."""
    reason = readiness.problem()
    if reason is None:
        return jsonify(status="ok"), 200, NO_STORE
    return jsonify(status="unavailable", reason=reason), 503, NO_STORE


@bp.get("/metrics", endpoint="metrics")
def metrics_page():
    """Counts of this and every other worker, and gauges read from the database, in Prometheus text format."""
    return Response(metrics.render(), content_type=CONTENT_TYPE_LATEST, headers=NO_STORE)
