"""The texts a statement has until the griffie (or the site administrator) writes its own.

They are Dutch legal texts, written as the griffie would: plain text in the format of register/statements/text.py
(a line "# Kop" is a heading, lines "- " a list, a blank line a new paragraph). They name the body, its legal
basis and its retention period, so that a new body starts with a statement that is true of it.
"""
from __future__ import annotations

from register.models import Body, BodyKind, StatementKind

# The law that obliges the members of each kind of body to publish their other positions.
LEGAL_BASIS = {
    BodyKind.municipality: "artikel 12 van de Gemeentewet (raadsleden) en artikel 41b van de Gemeentewet "
                           "(wethouders)",
    BodyKind.province: "artikel 12 van de Provinciewet (statenleden) en artikel 40b van de Provinciewet "
                       "(gedeputeerden)",
    BodyKind.water_board: "de Waterschapswet (leden van het algemeen en het dagelijks bestuur)",
}
MEMBERS = {
    BodyKind.municipality: "raadsleden, wethouders, de burgemeester en commissieleden",
    BodyKind.province: "statenleden, gedeputeerden en de commissaris van de Koning",
    BodyKind.water_board: "leden van het algemeen en het dagelijks bestuur en de dijkgraaf",
}

PRIVACY = """\
In dit register maken de {members} van {name} openbaar welke nevenfuncties en andere belangen zij hebben en welke \
afspraken zij maken om belangenverstrengeling te voorkomen. Daarvoor verwerken wij persoonsgegevens. Hier leest u \
welke, waarom, hoe lang en welke rechten u heeft.

# Wie is verantwoordelijk
{name} is verwerkingsverantwoordelijke in de zin van de Algemene verordening gegevensbescherming (AVG). De griffie \
beheert het register.

# Welke persoonsgegevens
- Van ambtsdragers: naam, functie, fractie en zittingsperiode; wat zij zelf opgeven (organisatie, functie, \
bezoldigd of onbezoldigd, inkomensklasse, uren per maand, begin- en einddatum) met de datum van opgave; hun \
afspraken, wie die aftekende en wanneer; onthoudingen van stemming; de jaarlijkse bevestiging dat het register \
volledig is.
- Van wie een account heeft (ambtsdragers, fractiebeoordelaars, griffie): naam, e-mailadres, rol en een logboek \
van wat zij in het register doen.
- Van wie een melding doet: de tekst van de melding, een eventuele bron en, alleen als u dat invult, uw \
e-mailadres.
- Van wie zich aanmeldt voor e-mailberichten over wijzigingen: iedereen kan zich met een e-mailadres aanmelden \
voor berichten over een ambtsdrager, een fractie of het hele orgaan. Wij bewaren dan het e-mailadres, waarover u \
berichten wilt ontvangen en wanneer u de aanmelding bevestigde. Het adres wordt alleen voor die berichten gebruikt \
en is nooit openbaar.
- Van bezoekers: het register plaatst geen cookies om u te volgen en toont geen advertenties. Een cookie onthoudt \
alleen uw taalkeuze of, na inloggen, uw sessie.

# Waarom en op welke grondslag
- Het openbaar maken van nevenfuncties is een wettelijke plicht (AVG artikel 6 lid 1 sub c), uit {basis}.
- Financiële belangen, geschenken, afspraken en onthoudingen maken wij openbaar voor een taak van algemeen belang: \
een integer en controleerbaar openbaar bestuur (AVG artikel 6 lid 1 sub e).
- Meldingen behandelen wij voor diezelfde taak van algemeen belang (sub e). Een melding wordt nooit openbaar; de \
ambtsdrager krijgt eerst de gelegenheid om te reageren (hoor en wederhoor).
- E-mailberichten over wijzigingen sturen wij alleen met uw toestemming (sub a). U geeft die door de link in de \
bevestigingsmail te volgen (dubbele bevestiging: zonder die klik ontvangt u niets) en trekt haar in met de \
afmeldlink in elk bericht.
- Accounts en het logboek zijn nodig om het register zorgvuldig en controleerbaar bij te houden (sub e).

# Wie ziet wat
Openbaar is alleen wat een ambtsdrager publiceert, zonder de gegevens die hij of zij alleen met fractie en griffie \
deelt (zoals gegevens over familieleden). Concepten, meldingen, e-mailadressen en niet-openbare toelichtingen van \
beoordelaars zijn nooit openbaar. Wat openbaar is, staat ook in de open data, vrij van rechten (CC0).

# Hoe lang
- De gegevens van een ambtsdrager blijven openbaar tot {retention} maanden na het einde van de zittingsperiode. \
Daarna ziet alleen de griffie ze nog; zij worden bewaard en vernietigd volgens de Archiefwet.
- Een correctie of intrekking blijft zichtbaar in de geschiedenis van de ambtsdrager: het register verandert niets \
stilzwijgend.
- Meldingen en het e-mailadres van de melder bewaart de griffie zolang dat voor de afhandeling nodig is, en daarna \
volgens de Archiefwet.
- Uw e-mailadres voor berichten bewaren wij tot u zich afmeldt; bij het afmelden wordt het verwijderd. Een \
aanmelding die u niet binnen 48 uur bevestigt, wordt verwijderd.

# Uw rechten
Op grond van de AVG mag u vragen welke gegevens wij van u verwerken (inzage), onjuiste gegevens laten verbeteren, \
de verwerking laten beperken en bezwaar maken tegen een verwerking voor een taak van algemeen belang. Gegevens die \
de wet openbaar laat maken, kunnen niet worden verwijderd zolang die plicht geldt. Een ambtsdrager verbetert de \
eigen opgaven zelf in het register.

# Contact en klachten
Voor vragen of een verzoek over uw gegevens kunt u terecht bij de griffie van {name} of bij de functionaris voor \
gegevensbescherming van {name}; de contactgegevens staan in het colofon. Bent u het niet eens met hoe wij met uw \
gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens: \
https://autoriteitpersoonsgegevens.nl
"""

COLOFON = """\
Dit register van {name} wordt bijgehouden door de griffie van {name}. De ambtsdragers vullen hun opgaven en \
afspraken zelf in; zij zijn verantwoordelijk voor de juistheid ervan. De fractie beoordeelt de opgaven en tekent \
de afspraken af.

# Contact
Voor vragen over het register, een correctie of uw privacy kunt u contact opnemen met de griffie van {name}, via \
de algemene contactgegevens van {name}.

# Over het register
Het Belangenregister is open-source software. Wat openbaar is, kunt u downloaden als open data, vrij van rechten \
(CC0).
"""

ACCESSIBILITY = """\
{name} wil dat iedereen dit register kan gebruiken, ook met een beperking, op een telefoon en met hulpmiddelen \
zoals een schermlezer, vergroting of alleen een toetsenbord.

# Status
Dit register voldoet gedeeltelijk aan de eisen van het Besluit digitale toegankelijkheid overheid: de \
toegankelijkheidseisen van WCAG 2.1 op niveau AA (EN 301 549). Bij elke wijziging van de software wordt elke \
pagina automatisch getoetst: op de WCAG-regels (met axe-core), op bediening met alleen het toetsenbord en op \
leesbaarheid bij een schermbreedte van 320 pixels zonder zijwaarts te schuiven. Een onderzoek door een \
onafhankelijke deskundige is nog niet gedaan.

# Bekende beperkingen
- De grafieken op de pagina met statistieken zijn op een smal scherm verborgen; de tabel eronder geeft dezelfde \
cijfers.
- De downloads in CSV en JSON zijn gegevensbestanden voor een spreadsheet of software, geen leesbare documenten.
- De teksten in de opgaven en afspraken schrijven de ambtsdragers zelf; de griffie controleert ze niet op \
begrijpelijke taal.

# Probleem melden
Kunt u iets niet vinden, lezen of gebruiken? Laat het de griffie van {name} weten (de contactgegevens staan in het \
colofon). Noem de pagina en wat er misging. De griffie reageert binnen vijf werkdagen. Bent u niet tevreden met de \
reactie, dan kunt u zich wenden tot de Nationale ombudsman: https://www.nationaleombudsman.nl
"""

REGISTER_PRIVACY = """\
Het Belangenregister bevat de registers van meerdere organen: gemeenteraden, provinciale staten en algemene \
besturen van waterschappen. Elk orgaan is zelf verantwoordelijk voor de persoonsgegevens in zijn register en heeft \
een eigen privacyverklaring; u vindt die hieronder en onderaan elke pagina van dat orgaan.

# Wat deze website zelf verwerkt
- Het register plaatst geen cookies om u te volgen en toont geen advertenties. Een cookie onthoudt alleen uw \
taalkeuze of, na inloggen, uw sessie.
- Voor de beveiliging en het goed laten werken van de website worden technische gegevens van verzoeken (tijdstip, \
opgevraagde pagina) korte tijd bewaard, zonder leesbaar IP-adres.
- Meldt u zich aan voor e-mailberichten over wijzigingen, dan bewaren wij uw e-mailadres met uw toestemming (AVG \
artikel 6 lid 1 sub a) tot u zich afmeldt. U bevestigt de aanmelding met een link in een e-mail en \
meldt zich af met de link in elk bericht.
- Een melding over een ambtsdrager gaat naar de griffie van het orgaan en wordt nooit openbaar.

# Uw rechten
Voor inzage, correctie, beperking of bezwaar wendt u zich tot de griffie van het orgaan waar het om gaat. Een klacht \
kunt u indienen bij de Autoriteit Persoonsgegevens: https://autoriteitpersoonsgegevens.nl
"""

REGISTER_COLOFON = """\
Het Belangenregister maakt openbaar welke nevenfuncties en andere belangen volksvertegenwoordigers en bestuurders \
hebben, en welke afspraken zij maken om belangenverstrengeling te voorkomen. Elk orgaan houdt zijn eigen register \
bij: de griffie van dat orgaan is het aanspreekpunt. De contactgegevens staan in het colofon van elk orgaan, \
hieronder.

# Over de software
Het Belangenregister is open-source software. Wat openbaar is, kunt u downloaden als open data, vrij van rechten \
(CC0), of opvragen via de JSON-API.
"""

REGISTER_ACCESSIBILITY = """\
Het Belangenregister moet voor iedereen bruikbaar zijn, ook met een beperking, op een telefoon en met hulpmiddelen \
zoals een schermlezer, vergroting of alleen een toetsenbord.

# Status
De website voldoet gedeeltelijk aan de eisen van het Besluit digitale toegankelijkheid overheid: WCAG 2.1 op \
niveau AA (EN 301 549). Bij elke wijziging van de software wordt elke pagina automatisch getoetst: op de \
WCAG-regels (met axe-core), op bediening met alleen het toetsenbord en op leesbaarheid bij een schermbreedte van \
320 pixels zonder zijwaarts te schuiven. Een onderzoek door een onafhankelijke deskundige is nog niet gedaan.

# Bekende beperkingen
- De grafieken op de pagina's met statistieken zijn op een smal scherm verborgen; de tabel eronder geeft dezelfde \
cijfers.
- De downloads in CSV en JSON zijn gegevensbestanden, geen leesbare documenten.
- De teksten in de opgaven en afspraken schrijven de ambtsdragers zelf.

# Probleem melden
Kunt u iets niet vinden, lezen of gebruiken? Laat het de griffie weten van het orgaan waar het om gaat; elk orgaan \
heeft een eigen toegankelijkheidsverklaring met contactgegevens, hieronder.
"""

BODY_DEFAULTS = {StatementKind.privacy: PRIVACY, StatementKind.colofon: COLOFON,
                 StatementKind.accessibility: ACCESSIBILITY}
REGISTER_DEFAULTS = {StatementKind.privacy: REGISTER_PRIVACY, StatementKind.colofon: REGISTER_COLOFON,
                     StatementKind.accessibility: REGISTER_ACCESSIBILITY}


def default_text(kind: StatementKind, body: Body | None = None) -> str:
    """The default statement of this kind for the body, or for the register as a whole."""
    if body is None:
        return REGISTER_DEFAULTS[kind]
    return BODY_DEFAULTS[kind].format(name=body.name, members=MEMBERS[body.kind], basis=LEGAL_BASIS[body.kind],
                                      retention=body.retention_months)
