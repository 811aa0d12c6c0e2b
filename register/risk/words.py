"""The words a question or agreement uses, per kind of body: a province has Staten, a water board a dijkgraaf."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.models import BodyKind, Office

WORDS = {
    BodyKind.municipality: {
        "gemeente": _l("gemeente"), "raad": _l("raad"), "college": _l("college van burgemeester en wethouders"),
        "voorzitter": _l("burgemeester"), "secretaris": _l("gemeentesecretaris"), "griffier": _l("griffier"),
    },
    BodyKind.province: {
        "gemeente": _l("provincie"), "raad": _l("Provinciale Staten"), "college": _l("Gedeputeerde Staten"),
        "voorzitter": _l("commissaris van de Koning"), "secretaris": _l("provinciesecretaris"),
        "griffier": _l("griffier"),
    },
    BodyKind.water_board: {
        "gemeente": _l("waterschap"), "raad": _l("algemeen bestuur"), "college": _l("dagelijks bestuur"),
        "voorzitter": _l("dijkgraaf"), "secretaris": _l("secretaris-directeur"),
        "griffier": _l("secretaris-directeur"),
    },
}

# Members of the executive: they get the questions about a portfolio and stricter agreements (RISK.md).
EXECUTIVES = frozenset({Office.wethouder, Office.burgemeester, Office.gedeputeerde, Office.commissaris,
                        Office.db_lid, Office.dijkgraaf})


def words_for(body_kind: BodyKind) -> dict[str, str]:
    return {key: str(value) for key, value in WORDS[body_kind].items()}


def is_executive(office: Office) -> bool:
    return office in EXECUTIVES


def gatekeeper_for(body_kind: BodyKind, office: Office) -> str:
    """Who intercepts documents for a screen: the secretary for an executive, the clerk for a council member."""
    words = words_for(body_kind)
    return words["secretaris"] if is_executive(office) else words["griffier"]
