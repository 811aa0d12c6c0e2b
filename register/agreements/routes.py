"""A politician's own agreements."""
from flask import Blueprint

bp = Blueprint("agreements", __name__, url_prefix="/mijn/afspraken")
