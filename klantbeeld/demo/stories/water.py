"""Stories of Waterbedrijf Rivierland: SC-01 possible leak, SC-04 new customer after moving,
SC-06 meter reading by WhatsApp photo; and (in ``water_followup``) SC-21, SC-22 and SC-25.

The water company has no legal basis for the BSN, so its customers carry a customer number.
"""

from __future__ import annotations

from datetime import date

from klantbeeld.contacts.constants import Outcome, Sentiment, TaskKind
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import Story, person, prefers, reachable
from klantbeeld.demo.stories.script import At, Close, Keep, Promise, Say, scripted
from klantbeeld.demo.stories.water_followup import (
    ABANDONED_FORM_STEPS,
    AHMED,
    BRAM,
    FEMKE,
    POST_CALL_STEPS,
    REPEAT_CONTACT_STEPS,
)

IN, OUT = Direction.INBOUND, Direction.OUTBOUND

# SC-01: a caring "possible leak" message in the preferred channel (WhatsApp), logged in the
# timeline; when the customer calls, the agent sees it and agrees a check-up, which is kept.
GERRIT = person(
    ("Gerrit", "", "Bosman"),
    date(1968, 4, 2),
    AddressSpec("Dijkstraat", 14, "4001 MK", "Tiel"),
    prefers(Channel.WHATSAPP),
    reachable(email="gerrit.bosman@example.com", mobile="+31612345601", whatsapp=True),
    customer_number="30000101",
)
_LEAK_ALERT = (
    "Goedemorgen meneer Bosman. Uw waterverbruik is drie dagen achter elkaar ongeveer drie keer "
    "zo hoog als normaal. Misschien is er ergens een lekkage. Kijkt u even of een kraan of het "
    "toilet doorloopt, en kijk in de kruipruimte. Draait het rode wieltje van de watermeter "
    "terwijl alle kranen dicht zijn? Dan lekt er water. Zullen wij u bellen? Antwoord dan met "
    "BEL MIJ. U kunt ons ook bellen op 088 020 0200."
)
LEAK_STEPS = (
    Say(
        At(4, "08:15"),
        Channel.WHATSAPP,
        OUT,
        "messenger",
        subject="Mogelijke lekkage",
        summary="Melding mogelijke lekkage verstuurd: verbruik drie dagen op rij 3x zo hoog als "
        "de mediaan van 90 dagen. Met tips en de vraag of we moeten bellen.",
        content=_LEAK_ALERT,
        outcome=Outcome.INFORMED,
    ),
    Say(
        At(4, "09:02"),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Mogelijke lekkage",
        summary="Belt naar aanleiding van de melding. Het rode wieltje van de meter draait "
        "terwijl alle kranen dicht zijn.",
        response="De lekkage zit waarschijnlijk achter de meter, dus in de eigen leiding. "
        "Advies: loodgieter bellen en tot die tijd 's nachts de hoofdkraan dichtdraaien. "
        "Afgesproken dat we over drie dagen het verbruik controleren.",
        outcome=Outcome.CALLBACK,
        sentiment=Sentiment.WORRIED,
        promises=(
            Promise(
                "Over drie dagen het verbruik controleren en meneer Bosman bellen",
                "meterbeheer",
                At(1, "17:00"),
                TaskKind.CALLBACK,
            ),
        ),
        label="call",
    ),
    Say(
        At(1, "10:20"),
        Channel.PHONE,
        OUT,
        "meterbeheer",
        subject="Verbruik weer normaal",
        summary="Gebeld zoals afgesproken. De loodgieter heeft een lekkende leiding in de "
        "kruipruimte gerepareerd. Het verbruik is weer normaal.",
        outcome=Outcome.INFORMED,
        sentiment=Sentiment.POSITIVE,
    ),
    Keep("call", At(1, "10:20")),
    Close(At(1, "10:20")),
)

# SC-04: a move registered in mijn-omgeving in a few minutes, confirmed at once, and a welcome
# with the water hardness at the new address; no irrelevant moving tips.
LOTTE = person(
    ("Lotte", "de", "Wit"),
    date(1997, 11, 9),
    AddressSpec("Havenkade", 21, "4101 CE", "Culemborg"),
    prefers(Channel.EMAIL, informal=True),
    reachable(email="lotte.dewit@example.org", mobile="+31612345602"),
    customer_number="30000102",
)
_WELCOME = (
    "Hoi Lotte, welkom op je nieuwe adres! Je verhuizing is verwerkt. Het water aan de "
    "Havenkade is middelhard: 1,6 mmol/l (9 °dH). Stel je wasmachine, vaatwasser en "
    "koffiezetapparaat daarop in. Een waterontharder is niet nodig. Je termijnbedrag blijft "
    "€ 22 per maand."
)
MOVE_STEPS = (
    Say(
        At(14, "20:05"),
        Channel.PORTAL,
        IN,
        "messenger",
        subject="Verhuizing doorgegeven",
        summary="Verhuizing doorgegeven in Mijn Waterbedrijf (in 4 minuten): van Lindelaan 8 in "
        "Tiel naar Havenkade 21 in Culemborg, met beide meterstanden.",
        response="Direct bevestigd in Mijn Waterbedrijf.",
        sentiment=Sentiment.POSITIVE,
    ),
    Say(
        At(14, "20:06"),
        Channel.EMAIL,
        OUT,
        "messenger",
        subject="Welkom op je nieuwe adres",
        summary="Welkomstmail met de waterhardheid op het nieuwe adres en advies voor "
        "wasmachine en koffiezetapparaat.",
        content=_WELCOME,
        outcome=Outcome.INFORMED,
    ),
    Close(At(14, "20:06")),
)

# SC-06: the yearly request for a meter reading, answered with a WhatsApp photo from the
# cellar; the agent records the reading and confirms it in the same channel. (The photo is
# described in the content: there is no attachment service yet.)
INGRID = person(
    ("Ingrid", "", "Mulder"),
    date(1974, 8, 17),
    AddressSpec("Kerkweg", 3, "4191 AT", "Geldermalsen"),
    prefers(Channel.WHATSAPP),
    reachable(email="ingrid.mulder@example.net", mobile="+31612345603", whatsapp=True),
    customer_number="30000103",
)
METER_PHOTO_STEPS = (
    Say(
        At(20, "07:00"),
        Channel.LETTER,
        OUT,
        "messenger",
        subject="Geef uw meterstand door",
        summary="Jaarlijkse brief: geef de meterstand binnen twee weken door, online of met een "
        "foto via WhatsApp.",
        outcome=Outcome.INFORMED,
    ),
    Say(
        At(17, "19:48"),
        Channel.WHATSAPP,
        IN,
        "kcc2",
        subject="Foto van de watermeter",
        summary="Foto van de watermeter gestuurd vanuit de kelder. Meterstand 1.234 m³ "
        "afgelezen en vastgelegd.",
        content="Goedenavond, hierbij de foto van mijn watermeter. Hij hangt in de kelder. "
        "[foto: watermeter.jpg]",
        response="Meterstand verwerkt. De stand staat ook in Mijn Waterbedrijf.",
    ),
    Say(
        At(17, "19:52"),
        Channel.WHATSAPP,
        OUT,
        "kcc2",
        subject="Meterstand ontvangen",
        summary="Bevestiging via WhatsApp: meterstand 1.234 m³ is verwerkt.",
        content="Dank u wel, mevrouw Mulder! We hebben uw meterstand van 1.234 m³ verwerkt. U "
        "ziet hem ook in Mijn Waterbedrijf.",
        outcome=Outcome.INFORMED,
    ),
    Close(At(17, "19:53")),
)

STORIES: tuple[Story, ...] = (
    Story(
        "SC-01",
        "Mogelijke lekkage",
        GERRIT,
        "WhatsApp-melding in de tijdlijn, het telefoontje erna en de nagekomen afspraak.",
        scripted("storing_lekkage", LEAK_STEPS),
    ),
    Story(
        "SC-04",
        "Nieuwe klant na verhuizing",
        LOTTE,
        "Verhuizing in Mijn Waterbedrijf, direct bevestigd, welkom met waterhardheid.",
        scripted("verhuizing_water", MOVE_STEPS),
    ),
    Story(
        "SC-06",
        "Meterstand met een WhatsApp-foto",
        INGRID,
        "Brief, foto via WhatsApp, bevestiging in hetzelfde kanaal.",
        scripted("meterstand", METER_PHOTO_STEPS),
    ),
    Story(
        "SC-21",
        "Formulier afgebroken, dan gebeld",
        BRAM,
        "Afgebroken formulier (stap 3) en het telefoontje dat daar verdergaat.",
        scripted("termijnbedrag", ABANDONED_FORM_STEPS),
    ),
    Story(
        "SC-22",
        "Derde contact in 10 dagen",
        AHMED,
        "Drie contacten over dezelfde zaak; klant boos; terugbelafspraak met de specialist.",
        scripted("storing_lekkage", REPEAT_CONTACT_STEPS),
        login="teamleider",
    ),
    Story(
        "SC-25",
        "Bevestiging na het telefoongesprek",
        FEMKE,
        "Telefoongesprek met afspraken en direct daarna de bevestiging per e-mail.",
        scripted("factuur_betaling", POST_CALL_STEPS),
    ),
)
