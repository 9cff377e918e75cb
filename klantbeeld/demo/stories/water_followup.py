"""Stories of Waterbedrijf Rivierland about continuing without re-telling the story: SC-21 an
abandoned portal form continued by phone, SC-22 a third contact in ten days on one case, and
SC-25 the confirmation sent right after a phone call (AR-02, AR-24, PS-15)."""

from __future__ import annotations

from datetime import date

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import person, prefers, reachable
from klantbeeld.demo.stories.script import At, Close, Keep, OpenCase, Promise, Say, Status
from klantbeeld.parties.constants import AnswerStyle

IN, OUT = Direction.INBOUND, Direction.OUTBOUND

# SC-21: the customer stops a change of the advance amount at step 3 in the portal and calls
# the next morning; the agent continues from that step and completes it in the same call.
BRAM = person(
    ("Bram", "", "Hoekstra"),
    date(1984, 3, 27),
    AddressSpec("Waalstraat", 9, "4002 HG", "Tiel"),
    prefers(Channel.PHONE),
    reachable(email="bram.hoekstra@example.com", mobile="+31612345605"),
    customer_number="30000105",
)
ABANDONED_FORM_STEPS = (
    Say(
        At(2, "21:10"),
        Channel.PORTAL,
        IN,
        "messenger",
        subject="Termijnbedrag wijzigen (niet afgerond)",
        summary="Formulier 'Termijnbedrag wijzigen' gestart en gestopt bij stap 3 van 4 (nieuw "
        "bedrag kiezen).",
        content="Stap 1: gegevens bevestigd. Stap 2: aantal bewoners 2 (was 3). Stap 3: nieuw "
        "bedrag kiezen — niet afgerond.",
        outcome="",
        is_successful=False,
    ),
    Say(
        At(1, "10:05"),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Termijnbedrag wijzigen",
        summary="Belt over het termijnbedrag. Gezien dat het formulier gisteren bij stap 3 is "
        "gestopt; daar verdergegaan. Meneer hoefde niets opnieuw te vertellen.",
        response="Termijnbedrag in hetzelfde gesprek verlaagd van € 38 naar € 27 per maand, "
        "passend bij 2 bewoners. Bevestiging per e-mail gestuurd.",
        sentiment=Sentiment.POSITIVE,
    ),
    Close(At(1, "10:13")),
)

# SC-22: three contacts in ten days on one low-pressure case. The third time the customer is
# angry; the agent says "ik zie dat u hier al eerder over contact had" and agrees a callback by
# the specialist. Insights should flag the repeat contact and raise its priority.
AHMED = person(
    ("Ahmed", "El", "Amrani"),
    date(1981, 12, 5),
    AddressSpec("Stationsweg", 77, "4001 XB", "Tiel"),
    prefers(Channel.WHATSAPP),
    reachable(email="a.elamrani@example.net", mobile="+31612345604", whatsapp=True),
    customer_number="30000104",
)
REPEAT_CONTACT_STEPS = (
    OpenCase(
        At(9, "08:40"),
        goal="Weer normale waterdruk in huis",
        next_step="Monteur laten meten",
        lead_days=7,
        team="Storingsdienst",
        actor="kcc",
    ),
    Say(
        At(9, "08:40"),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Lage waterdruk",
        summary="Heeft al twee dagen lage waterdruk in de hele woning. Geen storing bekend in de "
        "straat.",
        response="Monteur ingepland voor overmorgen tussen 8.00 en 12.00 uur.",
        outcome=Outcome.APPOINTMENT,
        sentiment=Sentiment.NEUTRAL,
        on_case=True,
        promises=(
            Promise(
                "Monteur langs laten gaan voor de lage waterdruk",
                "team:Storingsdienst",
                At(7, "12:00"),
            ),
        ),
        label="first",
    ),
    Say(
        At(7, "12:40"),
        Channel.WHATSAPP,
        IN,
        "kcc2",
        subject="Monteur niet geweest",
        summary="De monteur is vanochtend niet gekomen. De druk is nog steeds laag.",
        response="Excuses aangeboden. Nieuwe afspraak: morgen tussen 8.00 en 12.00 uur.",
        outcome=Outcome.APPOINTMENT,
        sentiment=Sentiment.WORRIED,
        on_case=True,
    ),
    Status(
        At(6, "11:30"),
        CaseStatus.IN_PROGRESS,
        "specialist",
        note="Monteur heeft de druk gemeten: 1,2 bar. Drukregelaar bijgesteld.",
    ),
    Keep("first", At(6, "11:30")),
    Say(
        At(1, "08:55"),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Waterdruk weer laag",
        summary="Derde contact in tien dagen. De druk is opnieuw laag. Meneer is het zat en wil "
        "dat iemand het nu echt oplost.",
        response="'Ik zie dat u hier al eerder over contact had.' Afgesproken dat specialist "
        "Thijs van Beek vandaag belt en zelf langskomt.",
        outcome=Outcome.CALLBACK,
        sentiment=Sentiment.ANGRY,
        on_case=True,
        promises=(
            Promise(
                "Meneer El Amrani bellen en zelf langsgaan voor de waterdruk",
                "specialist",
                At(-1, "12:00"),
                TaskKind.CALLBACK,
            ),
        ),
    ),
)

# SC-25: right after a phone call the agent sends a summary with the agreed points, the next
# step and a deadline; the promise is tracked as an open agreement (PS-15).
FEMKE = person(
    ("Femke", "", "Jansen"),
    date(1988, 7, 1),
    AddressSpec("Appelgaard", 40, "4191 KN", "Geldermalsen"),
    prefers(Channel.EMAIL, style=AnswerStyle.EXTENSIVE),
    reachable(email="femke.jansen@example.com", mobile="+31612345606"),
    customer_number="30000106",
)
_CONFIRMATION = (
    "Beste mevrouw Jansen,\n\n"
    "Naar aanleiding van ons telefoongesprek van zojuist zet ik de afspraken voor u op een rij:\n"
    "1. U betaalt de jaarafrekening van € 246 in 6 termijnen van € 41.\n"
    "2. De eerste termijn schrijven we af op de 1e van volgende maand, samen met uw gewone "
    "termijnbedrag.\n"
    "3. Zolang de regeling loopt, krijgt u geen herinneringen.\n\n"
    "Volgende stap: binnen 3 werkdagen ziet u de regeling in Mijn Waterbedrijf.\n"
    "Vragen? Bel mij gerust op 088 020 0200.\n\n"
    "Met vriendelijke groet,\nLisa Verhoeven, Klantenservice"
)
POST_CALL_STEPS = (
    Say(
        At(0, "10:12", recent=True),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Jaarafrekening in termijnen betalen",
        summary="Kan de jaarafrekening van € 246 niet in één keer betalen.",
        response="Betalingsregeling afgesproken: 6 termijnen van € 41. Bevestiging per e-mail "
        "gestuurd.",
        sentiment=Sentiment.WORRIED,
        promises=(
            Promise(
                "Betalingsregeling vastleggen, zichtbaar in Mijn Waterbedrijf",
                "team:Facturatie",
                At(-3, "17:00", recent=True),
            ),
        ),
    ),
    Say(
        At(0, "10:18", recent=True),
        Channel.EMAIL,
        OUT,
        "kcc",
        subject="Bevestiging van ons telefoongesprek",
        summary="Bevestiging van het telefoongesprek met de afspraken, de volgende stap en de "
        "termijn.",
        content=_CONFIRMATION,
        outcome=Outcome.INFORMED,
    ),
)
