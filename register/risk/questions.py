"""The questions of the belangencheck (../shared/RISK.md), adapted to the office and the kind of body.

Each question carries the objective test (would a member of the public who knows the facts reasonably think this
interest could influence your judgement?) and examples of what is NOT a connection, to avoid needless recusals.
A council member gets fewer questions than an executive. Never a question about criminal records; approaches by
criminals (question 15) are not answered here at all: the page says whom to tell.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from register.models import AgreementKind, BodyKind, Office
from register.risk.words import is_executive, words_for

K = AgreementKind


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    not_connections: str
    proposals: tuple[AgreementKind, ...] = ()
    stored: bool = True          # question 15: the answer is never stored
    blocking: bool = False       # question 16: an incompatible function; the griffie is told
    portfolio_topic: bool = False  # proposals take the portfolio as their topic


def _executive_questions(w: dict) -> list[Question]:
    return [
        Question("portefeuille", _("Raakt een nevenfunctie of ander belang van u uw portefeuille in het %(college)s?",
                                   **w),
                 _("Geen verband: een lidmaatschap van een landelijke vereniging zonder band met uw portefeuille."),
                 (K.portefeuille, K.poortwachter), portfolio_topic=True),
        Question("ambtshalve", _("Heeft u een functie vanwege uw ambt, zoals in een gemeenschappelijke regeling of de "
                                 "raad van toezicht van een deelneming van de %(gemeente)s?", **w),
                 _("Geen verband: een ceremoniële functie zonder bestuursverantwoordelijkheid."),
                 (K.melden, K.onthouden)),
        Question("terugkeer", _("Heeft u een terugkeergarantie bij een werkgever, of werkte u de laatste twee jaar "
                                "voor een organisatie die met de %(gemeente)s te maken heeft of in uw portefeuille "
                                "valt?", **w),
                 _("Geen verband: werk van lang geleden voor een organisatie die niet meer met de %(gemeente)s te "
                   "maken heeft.", **w),
                 (K.afkoelen, K.poortwachter), portfolio_topic=True),
    ]


def _common_questions(w: dict, executive: bool) -> list[Question]:
    shares = (K.afstoten,) if executive else (K.melden, K.onthouden)
    land = (K.onthouden, K.portefeuille) if executive else (K.onthouden,)
    return [
        Question("commissie", _("Raakt een nevenfunctie van u een commissie of onderwerp waarover u in de %(raad)s "
                                "woordvoerder bent?", **w),
                 _("Geen verband: een functie in een vereniging die alleen in het algemeen met het onderwerp te maken "
                   "heeft."), (K.onthouden, K.melden)),
        Question("geld", _("Ontvangt een organisatie waarin u of uw partner een functie of belang heeft een subsidie, "
                           "opdracht, vergunning, garantie of lening van de %(gemeente)s, of loopt er een aanvraag of "
                           "bezwaar?", **w),
                 _("Geen verband: lid zijn van een vereniging met honderden leden die een kleine subsidie krijgt."),
                 (K.onthouden, K.melden)),
        Question("bedrijf", _("Heeft u (of uw partner) een eigen bedrijf waarvan klanten aanvragen doen bij, of "
                              "opdrachten krijgen van, de %(gemeente)s?", **w),
                 _("Geen verband: een bedrijf dat alleen buiten de %(gemeente)s werkt.", **w),
                 (K.contact, K.onthouden)),
        Question("vertegenwoordiger", _("Treedt u op als advocaat, adviseur of vertegenwoordiger van anderen tegen of "
                                        "bij de %(gemeente)s?", **w),
                 _("Geen verband: juridisch werk dat niets met de %(gemeente)s te maken heeft.", **w), (K.afstoten,)),
        Question("aandelen", _("Heeft u, uw partner of een minderjarig kind aandelen, opties of vorderingen boven EUR "
                               "25.000 of 1 %% in een bedrijf dat met de %(gemeente)s te maken heeft of er gevestigd "
                               "is?", **w),
                 _("Geen verband: een breed gespreid beleggingsfonds of uw pensioen."), shares),
        Question("vastgoed", _("Heeft u vastgoed of grond in de %(gemeente)s anders dan uw eigen woning, een optie op "
                               "grond, of huurt of verhuurt u van of aan de %(gemeente)s?", **w),
                 _("Geen verband: uw eigen woning, of huurder zijn wanneer het woonbeleid in het algemeen wordt "
                   "besproken."), land),
        Question("schulden", _("Heeft u schulden of achterstanden, ook bij de %(gemeente)s? Dit blijft tussen u, uw "
                               "fractie en de griffie; er wordt niets openbaar.", **w),
                 _("Geen verband: een gewone hypotheek of studieschuld."), (K.onthouden,)),
        Question("lening", _("Heeft u een lening of andere financiële band met een partij die met de %(gemeente)s te "
                             "maken heeft, zoals een projectontwikkelaar of woningcorporatie?", **w),
                 _("Geen verband: een hypotheek bij een gewone bank."), (K.melden, K.onthouden)),
        Question("familie", _("Werkt uw partner, een familielid of huisgenoot bij de %(gemeente)s, of leidt die een "
                              "organisatie waarover u besluit?", **w),
                 _("Geen verband: een verre verwant met wie u geen contact heeft."), (K.poortwachter, K.onthouden)),
        Question("netwerk", _("Hebben mensen in uw netwerk geregeld vergunningen, subsidies of opdrachten van de "
                              "%(gemeente)s nodig?", **w),
                 _("Geen verband: kennissen die net als iedereen een paspoort of parkeervergunning aanvragen."),
                 (K.contact, K.onthouden)),
        Question("geschenken", _("Kreeg u de laatste 12 maanden geschenken, sponsoring, reizen of campagnegeld van "
                                 "partijen die met de %(gemeente)s te maken hebben?", **w),
                 _("Geen verband: een bos bloemen of een boek bij een toespraak, onder EUR 50."),
                 (K.geschenken, K.onthouden)),
        Question("ondermijning", _("Hebben u of naaste familieleden belangen in een sector die gevoelig is voor "
                                   "ondermijning en waarin de %(gemeente)s vergunningen geeft of handhaaft (horeca, "
                                   "vastgoed, huisvesting van arbeidsmigranten, vakantieparken, autohandel, "
                                   "beveiliging, afval, agrarische gebouwen)?", **w),
                 _("Geen verband: klant zijn van een restaurant of garage."),
                 (K.portefeuille, K.onthouden) if executive else (K.onthouden,), portfolio_topic=executive),
        Question("onverenigbaar", _("Heeft u een functie die volgens de wet niet samengaat met uw ambt (bijvoorbeeld "
                                    "ambtenaar van de %(gemeente)s)?", **w),
                 _("Geen verband: een functie bij een andere overheid die de wet niet noemt."), blocking=True),
        Question("standpunt", _("Heeft u eerder publiek een standpunt ingenomen over een zaak waarover u nu beslist, "
                                "zoals een vergunning of bezwaar?", **w),
                 _("Geen verband: een partijstandpunt over beleid in het algemeen."), (K.onthouden,)),
    ]


def _income_question(w: dict) -> Question:
    return Question("uren", _("Zijn de uren en de inkomsten van al uw nevenfuncties samen zo groot dat de %(raad)s ze "
                              "moet kennen (een voltijds lid van het %(college)s publiceert de inkomsten jaarlijks)?",
                              **w),
                    _("Geen verband: onbetaalde functies van een paar uur per jaar."), (K.melden,))


def approach_question(body_kind: BodyKind) -> Question:
    """Question 15: never answered here; whom to tell instead."""
    w = words_for(body_kind)
    return Question("benaderd", _("Bent u ooit benaderd om vertrouwelijke informatie te delen, te bemiddelen bij een "
                                  "vergunning of handhaving, of onder druk gezet?"),
                    _("Dit beantwoordt u hier niet en het register slaat er niets over op. Meld het direct bij de "
                      "%(voorzitter)s.", **w), stored=False)


def objective_test() -> str:
    return _("Zou iemand die de feiten kent redelijkerwijs denken dat dit belang uw oordeel kan beïnvloeden? "
             "Zo ja, antwoord dan ja.")


def questions_for(office: Office, body_kind: BodyKind) -> list[Question]:
    """The stored questions for this office in this kind of body: an executive gets more than a council member."""
    w = words_for(body_kind)
    executive = is_executive(office)
    questions = (_executive_questions(w) if executive else []) + _common_questions(w, executive)
    return questions + [_income_question(w)] if executive else questions


def by_code(office: Office, body_kind: BodyKind) -> dict[str, Question]:
    return {q.code: q for q in questions_for(office, body_kind)}
