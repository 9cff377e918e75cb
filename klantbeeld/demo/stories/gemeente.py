"""Stories of Gemeente Dommelstad: SC-16 moving checklist, SC-17 passport renewal, SC-18 bin
not emptied; SC-23 spiral and SC-24 stalled case (``gemeente_signals``); and the bereavement
(``bereavement``)."""

from __future__ import annotations

from datetime import date

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import Story, person, prefers, reachable
from klantbeeld.demo.stories.bereavement import GEMEENTE_STEPS, JOHANNA
from klantbeeld.demo.stories.gemeente_signals import HANS, PRISCILLA, SPIRAL_STEPS, STALLED_STEPS
from klantbeeld.demo.stories.script import At, Close, Keep, OpenCase, Promise, Say, Status, scripted

IN, OUT = Direction.INBOUND, Direction.OUTBOUND

# SC-16: a move registered online gets an immediate receipt with a personal checklist, and a
# second message when it has been processed. Daan prefers "je" and the portal.
DAAN = person(
    ("Daan", "", "Visser"),
    date(1992, 5, 14),
    AddressSpec("Molenweg", 5, "5612 KL", "Dommelstad", "A"),
    prefers(Channel.PORTAL, informal=True),
    reachable(email="daan.visser@example.com", mobile="+31612345611"),
    bsn="124124124",
)
_CHECKLIST = (
    "Hoi Daan, we hebben je verhuizing ontvangen. We verwerken hem binnen 5 werkdagen en laten "
    "je weten wanneer het klaar is.\n"
    "Denk ook aan:\n"
    "- je parkeervergunning: die gaat niet vanzelf mee. Vraag een nieuwe aan voor de Molenweg.\n"
    "- het afval: in je nieuwe wijk wordt de grijze container op dinsdag geleegd.\n"
    "- je afvalpas: die werkt ook op je nieuwe adres.\n"
    "Wil je nieuws over je nieuwe wijk ontvangen? Zet dat aan in Mijn Dommelstad."
)
MOVE_STEPS = (
    OpenCase(
        At(9, "20:41"),
        goal="Verhuizing verwerkt in de basisregistratie (BRP)",
        next_step="Verhuizing controleren en verwerken",
        lead_days=5,
        team="Burgerzaken",
        actor="messenger",
    ),
    Say(
        At(9, "20:41"),
        Channel.PORTAL,
        IN,
        "messenger",
        subject="Verhuizing doorgegeven",
        summary="Verhuizing doorgegeven in Mijn Dommelstad: van Kerkstraat 12 naar "
        "Molenweg 5A, verhuisdatum afgelopen zaterdag.",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.POSITIVE,
        on_case=True,
    ),
    Say(
        At(9, "20:42"),
        Channel.PORTAL,
        OUT,
        "messenger",
        subject="Je verhuizing is ontvangen",
        summary="Ontvangstbevestiging met een persoonlijke checklist.",
        content=_CHECKLIST,
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
    Status(At(8, "09:12"), CaseStatus.IN_PROGRESS, "specialist"),
    Say(
        At(7, "11:31"),
        Channel.PORTAL,
        OUT,
        "specialist",
        subject="Je verhuizing is verwerkt",
        summary="Bericht: de verhuizing is verwerkt. Instanties die de BRP gebruiken, krijgen "
        "het nieuwe adres vanzelf.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
    Status(At(7, "11:32"), CaseStatus.CLOSED, "specialist"),
    Close(At(7, "11:32")),
)

# SC-17: a reminder three months before the passport expires, an appointment made online on a
# Saturday without DigiD, the application at the counter, "ready to collect", and collection.
ESTHER = person(
    ("Esther", "", "Smit"),
    date(1981, 2, 3),
    AddressSpec("Dommeldal", 31, "5614 BR", "Dommelstad"),
    prefers(Channel.EMAIL),
    reachable(email="esther.smit@example.org", mobile="+31612345612"),
    bsn="138138138",
)
_PASSPORT_REMINDER = (
    "Beste mevrouw Smit, uw paspoort verloopt over 3 maanden. Maak op tijd een afspraak om een "
    "nieuw paspoort aan te vragen. Dat kan online, ook zonder DigiD. Er zijn ook afspraken op "
    "donderdagavond en zaterdagochtend. Neem uw huidige paspoort en een pasfoto mee."
)
PASSPORT_STEPS = (
    Say(
        At(34, "08:00"),
        Channel.EMAIL,
        OUT,
        "messenger",
        subject="Uw paspoort verloopt over 3 maanden",
        summary="Herinnering verstuurd met de mogelijkheden om te verlengen.",
        content=_PASSPORT_REMINDER,
        outcome=Outcome.INFORMED,
    ),
    Say(
        At(33, "21:14"),
        Channel.PORTAL,
        IN,
        "messenger",
        subject="Afspraak voor een nieuw paspoort",
        summary="Online afspraak gemaakt zonder DigiD: zaterdag 10.30 uur, stadskantoor. "
        "Bevestiging per e-mail verstuurd.",
        outcome=Outcome.APPOINTMENT,
    ),
    OpenCase(
        At(29, "10:34"),
        goal="Een nieuw paspoort",
        next_step="Paspoort laten maken",
        lead_days=7,
        team="Burgerzaken",
        actor="specialist",
    ),
    Say(
        At(29, "10:34"),
        Channel.COUNTER,
        IN,
        "specialist",
        subject="Paspoort aangevraagd",
        summary="Paspoort aangevraagd aan de balie. Pasfoto goedgekeurd.",
        response="Uitgelegd dat mevrouw een bericht krijgt zodra het paspoort klaarligt, "
        "meestal binnen 5 werkdagen.",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.POSITIVE,
        on_case=True,
    ),
    Status(At(28, "08:50"), CaseStatus.IN_PROGRESS, "specialist"),
    Status(
        At(24, "14:05"),
        CaseStatus.DECIDED,
        "specialist",
        note="Paspoort ligt klaar",
        next_step="Paspoort ophalen aan de balie",
    ),
    Say(
        At(24, "14:06"),
        Channel.EMAIL,
        OUT,
        "messenger",
        subject="Uw paspoort ligt klaar",
        summary="Bericht verstuurd: het paspoort ligt klaar en kan zonder afspraak worden "
        "opgehaald.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
    Say(
        At(21, "16:40"),
        Channel.COUNTER,
        IN,
        "kcc",
        subject="Paspoort opgehaald",
        summary="Nieuw paspoort uitgereikt. Het oude paspoort is ongeldig gemaakt en teruggegeven.",
        outcome=Outcome.ANSWERED,
        sentiment=Sentiment.POSITIVE,
        on_case=True,
    ),
    Status(At(21, "16:42"), CaseStatus.CLOSED, "kcc"),
    Close(At(21, "16:42")),
)

# SC-18: the evening reminder, a report by chat at 16:45 when the bin was still full, an
# answer within minutes with the expected pick-up, linked to the address, and the promise kept.
EMRE = person(
    ("Emre", "", "Çelik"),
    date(1986, 9, 22),
    AddressSpec("Kerkstraat", 48, "5611 GH", "Dommelstad"),
    prefers(Channel.WEB_CHAT, informal=True),
    reachable(email="emre.celik@example.net", mobile="+31612345613", whatsapp=True),
    bsn="141141141",
)
BIN_STEPS = (
    Say(
        At(3, "19:00"),
        Channel.PORTAL,
        OUT,
        "messenger",
        subject="Morgen wordt je grijze container geleegd",
        summary="Herinnering in de app: zet de grijze container morgen vóór 7.30 uur aan de "
        "straat.",
        outcome=Outcome.INFORMED,
    ),
    Close(At(3, "19:00")),
    Say(
        At(2, "16:45"),
        Channel.WEB_CHAT,
        IN,
        "kcc",
        subject="Grijze container niet geleegd",
        summary="Meldt in de chat dat de grijze container om 16.30 uur nog niet is geleegd. Hij "
        "stond om 7.15 uur aan de straat bij Kerkstraat 48.",
        response="Binnen 3 minuten geantwoord: de vuilniswagen had pech. De container wordt "
        "morgen vóór 12.00 uur alsnog geleegd. Melding gekoppeld aan Kerkstraat 48.",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.NEUTRAL,
        promises=(
            Promise(
                "Grijze container Kerkstraat 48 alsnog legen",
                "team:Afval en openbare ruimte",
                At(1, "12:00"),
            ),
        ),
        label="report",
    ),
    Keep("report", At(1, "10:40")),
    Say(
        At(1, "10:41"),
        Channel.PORTAL,
        OUT,
        "afval",
        subject="Je container is geleegd",
        summary="Bericht in de app: de grijze container is vanochtend alsnog geleegd.",
        outcome=Outcome.INFORMED,
    ),
    Close(At(1, "10:41")),
)

STORIES: tuple[Story, ...] = (
    Story(
        "SC-16",
        "Verhuizing met persoonlijke checklist",
        DAAN,
        "Tijdlijn: ontvangstbevestiging met checklist, daarna 'verwerkt'.",
        scripted("verhuizing", MOVE_STEPS),
    ),
    Story(
        "SC-17",
        "Paspoort verlengen",
        ESTHER,
        "Eén gesprek van herinnering tot ophalen; zaak met statusstappen.",
        scripted("reisdocument", PASSPORT_STEPS),
    ),
    Story(
        "SC-18",
        "Container niet geleegd",
        EMRE,
        "Chatmelding om 16.45 uur, binnen minuten beantwoord; afspraak nagekomen.",
        scripted("afval", BIN_STEPS),
    ),
    Story(
        "SC-23",
        "Spiraal: zaak van team naar team",
        PRISCILLA,
        "Zaak langs vijf medewerkers in vier teams, geen vaste contactpersoon, klant boos.",
        scripted("bijstand_schulden", SPIRAL_STEPS),
        login="teamleider",
    ),
    Story(
        "SC-24",
        "Zaak staat 42 dagen stil",
        HANS,
        "Zaak 42 dagen 'ontvangen' zonder statuswijziging; verwacht na 90 dagen.",
        scripted("gemeentebelastingen", STALLED_STEPS),
        login="teamleider",
    ),
    Story(
        "Rouw",
        "Overlijden van haar man",
        JOHANNA,
        "Vaste contactpersoon Marieke van Dijk, gemoedstoestand verdrietig, open afspraak.",
        scripted("geboorte_overlijden", GEMEENTE_STEPS),
    ),
)
