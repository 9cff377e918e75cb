"""Words for the synthetic customers of the benchmark: names, addresses, topics, phrasing.

Faker (nl_NL, seeded) is called a few thousand times to fill pools; the generator then draws
from the pools, because calling Faker a million times would take longer than the whole load.
Surnames follow a Zipf-like curve, so a few are common (about 0.65 % "de Jong"), as in the
Netherlands, and a name search meets realistic numbers of namesakes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from faker import Faker

from klantbeeld.core.constants import Channel

# The most common Dutch surnames, most common first, with their tussenvoegsel.
COMMON_SURNAMES = (
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
)
PREFIXES = ("van", "de", "van der", "van den", "van de", "ter", "den", "in 't")
ZIPF_OFFSET = 60  # weight of rank r is 1 / (r + 60): the top name is about 0.65 % of people

TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("afval", "Afval en containers", ("Container niet geleegd", "Grofvuil ophalen")),
    ("paspoort", "Paspoort en ID-kaart", ("Paspoort aanvragen", "ID-kaart kwijt")),
    ("rijbewijs", "Rijbewijs", ("Rijbewijs verlengen", "Rijbewijs gestolen")),
    ("verhuizing", "Verhuizing doorgeven", ("Verhuizing doorgeven", "Adres klopt niet")),
    ("parkeren", "Parkeervergunning", ("Vergunning aanvragen", "Bezoekersregeling")),
    ("belastingen", "Gemeentelijke belastingen", ("Aanslag klopt niet", "Betalingsregeling")),
    ("woz", "WOZ-waarde", ("Bezwaar WOZ-waarde", "Uitleg taxatieverslag")),
    ("kwijtschelding", "Kwijtschelding", ("Kwijtschelding aanvragen", "Stand aanvraag")),
    ("bijstand", "Bijstandsuitkering", ("Uitkering niet ontvangen", "Wijziging doorgeven")),
    ("schuldhulp", "Schuldhulpverlening", ("Hulp bij schulden", "Afspraak schuldhulp")),
    ("wmo", "Wmo en zorg", ("Huishoudelijke hulp", "Scootmobiel aanvragen")),
    ("jeugd", "Jeugdhulp", ("Aanmelding jeugdhulp", "Vraag over indicatie")),
    ("vergunning", "Omgevingsvergunning", ("Dakkapel plaatsen", "Stand aanvraag")),
    ("openbare-ruimte", "Melding openbare ruimte", ("Lantaarnpaal kapot", "Losse stoeptegel")),
    ("burgerzaken", "Uittreksel en akten", ("Uittreksel BRP", "Geboorteaangifte")),
    ("klacht", "Klacht", ("Klacht over behandeling", "Klacht niet teruggebeld")),
)

CHANNEL_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Channel.PHONE, 38),
    (Channel.EMAIL, 14),
    (Channel.COUNTER, 10),
    (Channel.WEB_CHAT, 9),
    (Channel.PORTAL, 9),
    (Channel.LETTER, 6),
    (Channel.WHATSAPP, 6),
    (Channel.ASSISTANT, 5),
    (Channel.SOCIAL, 2),
    (Channel.VIDEO, 1),
)
SUMMARIES = (
    "Klant vroeg naar de stand van zaken; uitgelegd wat de volgende stap is.",
    "Uitgelegd welke documenten nodig zijn en hoe de klant ze kan opsturen.",
    "Klant was ongerust over de brief; uitleg gegeven en rust gebracht.",
    "Doorverbonden naar de vakafdeling voor een inhoudelijk antwoord.",
    "Afgesproken dat een collega terugbelt met een antwoord.",
    "Klant gaf een wijziging door; vastgelegd en bevestiging beloofd.",
)
ACTIONS = (
    ("terugbellen", "Klant terugbellen over de stand van zaken"),
    ("informatie_sturen", "Informatiebrief sturen"),
    ("beslissen", "Uitzoeken of de aanvraag kan worden versneld"),
    ("overig", "Afspraak inplannen aan de balie"),
)
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl")


@dataclass(frozen=True)
class Pools:
    """Seeded pools of Dutch names and places, with cumulative weights for the surnames."""

    surnames: tuple[tuple[str, str], ...]
    surname_weights: tuple[float, ...]
    given_names: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[str, ...]
    employees: tuple[str, ...]


def pools_build(seed: int) -> Pools:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    faker_surnames = sorted(
        {name for name in (fake.last_name() for _ in range(4000)) if name.isalpha()}
        - {surname for _, surname in COMMON_SURNAMES}
    )
    rng.shuffle(faker_surnames)
    others = [(_prefix(rng), name) for name in faker_surnames]
    surnames = (*COMMON_SURNAMES, *others)
    weights = tuple(accumulate(1 / (rank + ZIPF_OFFSET) for rank in range(len(surnames))))
    given = sorted({fake.first_name() for _ in range(3000)})
    return Pools(
        surnames=surnames,
        surname_weights=weights,
        given_names=tuple(given),
        streets=tuple(sorted({fake.street_name() for _ in range(3000)})),
        cities=tuple(sorted({fake.city() for _ in range(400)})),
        employees=tuple(fake.name() for _ in range(24)),
    )


def _prefix(rng: random.Random) -> str:
    """About one Dutch surname in five has a tussenvoegsel."""
    return rng.choice(PREFIXES) if rng.random() < 0.2 else ""


def bsn_numbers(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct BSNs that pass the 11-test, made arithmetically in random order."""
    found: list[str] = []
    seen: set[int] = set()
    while len(found) < count:
        body = rng.randrange(1_000_000, 99_999_999)
        if body in seen:
            continue
        seen.add(body)
        digits = f"{body:08d}"
        check = sum((9 - i) * int(d) for i, d in enumerate(digits)) % 11
        if check < 10:
            found.append(f"{digits}{check}")
    return found


def postcode(rng: random.Random) -> str:
    """A syntactically valid Dutch postcode; SA, SD and SS are never issued."""
    while True:
        letters = chr(65 + rng.randrange(26)) + chr(65 + rng.randrange(26))
        if letters not in ("SA", "SD", "SS"):
            return f"{rng.randrange(1000, 10000)} {letters}"
