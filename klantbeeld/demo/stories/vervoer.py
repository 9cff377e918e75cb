"""Stories of Havenstad Vervoer: SC-26 a complaint with a receipt and then 'opgepakt door',
SC-35 a social-media thread with one owner, SC-36 a simple timetable question.

The transport company has no legal basis for the BSN, so its customers carry a customer number.
"""

from __future__ import annotations

from datetime import date

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import Story, person, prefers, reachable
from klantbeeld.demo.stories.script import At, Close, Keep, OpenCase, Promise, Say, Status, scripted

IN, OUT = Direction.INBOUND, Direction.OUTBOUND

# SC-26: a complaint by a short web form (customer number, text, photo) gets an instant
# receipt with the date of the answer, then a separate "opgepakt door Esra Kaya" message; the
# promised answer is an open agreement with that deadline (a broken promise if it passes).
MARLOES = person(
    ("Marloes", "", "Vermeulen"),
    date(1979, 10, 11),
    AddressSpec("Parkweg", 61, "3014 RE", "Havenstad"),
    prefers(Channel.EMAIL),
    reachable(email="marloes.vermeulen@example.com", mobile="+31612345623"),
    customer_number="50000123",
)
COMPLAINT_STEPS = (
    OpenCase(
        At(5, "18:22"),
        goal="Een serieuze reactie op de klacht over bus 40",
        next_step="Klacht uitzoeken met de teamleider van de chauffeurs",
        lead_days=10,
        team="Klantenservice",
        actor="messenger",
    ),
    Say(
        At(5, "18:22"),
        Channel.PORTAL,
        IN,
        "messenger",
        subject="Klacht: bus 40 reed door",
        summary="Klachtformulier (klantnummer, tekst en foto): bus 40 stopte om 17.50 uur niet "
        "bij halte Parkweg, terwijl mevrouw duidelijk haar hand opstak.",
        content="Ik stond om 17.50 uur bij de halte Parkweg en stak duidelijk mijn hand op. De "
        "bus reed gewoon door. Ik kwam daardoor te laat bij de oppas. [foto: halte.jpg]",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.ANGRY,
        on_case=True,
    ),
    Say(
        At(5, "18:23"),
        Channel.EMAIL,
        OUT,
        "messenger",
        subject="We hebben uw klacht ontvangen",
        summary="Ontvangstbevestiging: u krijgt uiterlijk {0} een inhoudelijke reactie.",
        outcome=Outcome.INFORMED,
        on_case=True,
        dates=(-5,),
    ),
    Status(
        At(3, "09:15"), CaseStatus.IN_PROGRESS, "klantenservice", note="Opgepakt door Esra Kaya"
    ),
    Say(
        At(3, "09:17"),
        Channel.EMAIL,
        OUT,
        "klantenservice",
        subject="Uw klacht is opgepakt door Esra Kaya",
        summary="Bericht: Esra Kaya behandelt de klacht en neemt uiterlijk {0} contact op.",
        outcome=Outcome.INFORMED,
        on_case=True,
        dates=(-5,),
        promises=(
            Promise(
                "Mevrouw Vermeulen inhoudelijk antwoorden op de klacht",
                "klantenservice",
                At(-5, "17:00"),
                TaskKind.DECIDE,
            ),
        ),
    ),
)

# SC-35: a public Facebook question about a double subscription moves to a private channel;
# one Webcare employee owns the thread, checks which subscription may stop, stops it and
# confirms (AR-16, AR-32).
JESSE = person(
    ("Jesse", "van", "Leeuwen"),
    date(2000, 2, 19),
    AddressSpec("Scheepmakersstraat", 4, "3011 AK", "Havenstad", "B"),
    prefers(Channel.WHATSAPP, informal=True),
    reachable(email="jesse.vanleeuwen@example.net", mobile="+31612345621", whatsapp=True),
    customer_number="50000121",
)
SOCIAL_STEPS = (
    Say(
        At(6, "08:47"),
        Channel.SOCIAL,
        IN,
        "specialist",
        subject="Twee abonnementen",
        summary="Via Facebook: 'Ik betaal voor twee abonnementen, stop er alsjeblieft één.'",
        response="Openbaar gereageerd en voorgesteld om verder te gaan via WhatsApp, zodat we "
        "je gegevens veilig kunnen bekijken. Milan de Haan houdt dit gesprek bij zich.",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.ANGRY,
        promises=(
            Promise(
                "Dubbel abonnement uitzoeken en één stopzetten na bevestiging",
                "specialist",
                At(4, "17:00"),
                TaskKind.DECIDE,
            ),
        ),
        label="public",
    ),
    Say(
        At(6, "09:05"),
        Channel.WHATSAPP,
        IN,
        "specialist",
        subject="Twee abonnementen",
        summary="Jesse bevestigt in WhatsApp welk abonnement mag stoppen: het abonnement op de "
        "oude kaart (eindigend op 4821).",
        response="Abonnement op de oude kaart stopgezet. De € 49 die dubbel is betaald, wordt "
        "teruggestort.",
        sentiment=Sentiment.NEUTRAL,
    ),
    Say(
        At(6, "09:07"),
        Channel.WHATSAPP,
        OUT,
        "specialist",
        subject="Abonnement stopgezet",
        summary="Bevestiging: één abonnement loopt nog, het andere is gestopt. € 49 komt binnen "
        "5 werkdagen terug.",
        outcome=Outcome.INFORMED,
    ),
    Keep("public", At(6, "09:07")),
    Close(At(6, "09:07")),
)

# SC-36: a simple question answered directly by the assistant, without small talk or
# personalisation (AR-45).
FLEUR = person(
    ("Fleur", "de", "Jong"),
    date(2004, 6, 3),
    AddressSpec("Maasboulevard", 88, "3012 BC", "Havenstad"),
    prefers(Channel.WHATSAPP, informal=True),
    reachable(email="fleur.dejong@example.org", mobile="+31612345622", whatsapp=True),
    customer_number="50000122",
)
TIMETABLE_STEPS = (
    Say(
        At(1, "23:10"),
        Channel.ASSISTANT,
        IN,
        "assistant",
        subject="Laatste metro naar Station Noord",
        summary="Vraagt hoe laat de laatste metro naar Station Noord vertrekt en van welk perron.",
        response="De laatste metro naar Station Noord vertrekt om 00.32 uur van perron 2.",
    ),
    Close(At(1, "23:10")),
)

STORIES: tuple[Story, ...] = (
    Story(
        "SC-26",
        "Klacht: ontvangen, dan opgepakt",
        MARLOES,
        "Ontvangstbevestiging, daarna 'opgepakt door Esra Kaya'; open afspraak met deadline.",
        scripted("klacht", COMPLAINT_STEPS),
    ),
    Story(
        "SC-35",
        "Social media met één eigenaar",
        JESSE,
        "Facebook naar WhatsApp, één medewerker (Milan de Haan) van begin tot eind.",
        scripted("abonnement", SOCIAL_STEPS),
    ),
    Story(
        "SC-36",
        "Eenvoudige vraag, snel antwoord",
        FLEUR,
        "Digitale assistent geeft direct antwoord, zonder omhaal.",
        scripted("reisinformatie_storing", TIMETABLE_STEPS),
    ),
)
