"""Bereavement: Johanna Verbeek, whose husband Henk died last month, known to the municipality
and to the tax and benefits agency — two organisations, so two parties (DESIGN.md, Scale).

Both organisations give her one named case owner who calls back as promised, so she never has
to tell her story twice (AR-02, AR-28, CV-16; TAXONOMY.md: bereavement always goes to a
person). Her cases carry the sentiment 'verdrietig'. Personal handling (``Case.handling``)
cannot be set yet: ``CaseInput`` has no field for it (see docs/demo.md).
"""

from __future__ import annotations

from datetime import date

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import person, prefers, reachable
from klantbeeld.demo.stories.script import At, Keep, OpenCase, Personal, Promise, Say, Status
from klantbeeld.parties.constants import AnswerStyle

IN, OUT = Direction.INBOUND, Direction.OUTBOUND

JOHANNA = person(
    ("Johanna", "", "Verbeek"),
    date(1947, 3, 12),
    AddressSpec("Lindelaan", 23, "5617 AC", "Dommelstad"),
    prefers(Channel.PHONE, style=AnswerStyle.REASSURING),
    reachable(email="joke.verbeek@example.net", landline="+31402345616"),
    bsn="111222333",
)

# The municipality: death certificates at the counter, then one owner (Marieke van Dijk) for
# the rest; the tax office keeps its promise, the owner calls as agreed, the parking permit is
# still open (due in a week).
GEMEENTE_STEPS = (
    OpenCase(
        At(22, "10:15"),
        goal="Zaken rond het overlijden van haar man regelen",
        next_step="Over twee weken bellen hoe het gaat en wat nog openstaat",
        lead_days=30,
        team="Burgerzaken",
        actor="specialist",
        owner="specialist",
    ),
    Personal(
        At(22, "10:16"),
        "specialist",
        owner="specialist",
        reason="Overlijden van haar man: één vast aanspreekpunt voor alles wat de gemeente regelt.",
    ),
    Say(
        At(22, "10:15"),
        Channel.COUNTER,
        IN,
        "specialist",
        subject="Overlijden van haar man",
        summary="Mevrouw Verbeek haalt afschriften van de overlijdensakte van haar man Henk op. "
        "De uitvaartondernemer heeft het overlijden al aangegeven. Zij vraagt wat zij nog moet "
        "regelen bij de gemeente.",
        response="Gecondoleerd. Afschriften meegegeven. Samen doorgenomen wat de gemeente "
        "regelt: de parkeervergunning op haar naam en de belastingen voor één persoon. Marieke "
        "van Dijk is haar vaste contactpersoon en belt over twee weken.",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.SAD,
        on_case=True,
        promises=(
            Promise(
                "Aanslag gemeentelijke belastingen aanpassen naar één persoon",
                "belastingen",
                At(8, "17:00"),
                TaskKind.DECIDE,
            ),
            Promise(
                "Parkeervergunning op naam van mevrouw Verbeek zetten",
                "team:Belastingen",
                At(-8, "17:00"),
            ),
            Promise(
                "Mevrouw Verbeek bellen hoe het gaat en wat nog openstaat",
                "specialist",
                At(8, "17:00"),
                TaskKind.CALLBACK,
            ),
        ),
        label="visit",
    ),
    Say(
        At(21, "14:00"),
        Channel.LETTER,
        OUT,
        "specialist",
        subject="Wat de gemeente voor u regelt",
        summary="Brief in gewone taal: wat de gemeente regelt en wanneer, met het directe "
        "telefoonnummer van Marieke van Dijk.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
    Status(
        At(21, "14:05"),
        CaseStatus.IN_PROGRESS,
        "specialist",
        note="Vaste contactpersoon: Marieke van Dijk",
    ),
    Say(
        At(10, "11:20"),
        Channel.LETTER,
        OUT,
        "belastingen",
        subject="Aangepaste aanslag gemeentelijke belastingen",
        summary="Nieuwe aanslag verstuurd: afvalstoffenheffing voor één persoon. Het te veel "
        "betaalde bedrag wordt teruggestort.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
    Keep("visit", At(10, "11:20"), only=0),
    Say(
        At(8, "10:30"),
        Channel.PHONE,
        OUT,
        "specialist",
        subject="Hoe gaat het met u?",
        summary="Gebeld zoals afgesproken. Mevrouw is blij dat zij niet alles opnieuw hoefde te "
        "vertellen. De belastingen zijn aangepast; de parkeervergunning volgt nog.",
        outcome=Outcome.INFORMED,
        sentiment=Sentiment.SAD,
        on_case=True,
    ),
    Keep("visit", At(8, "10:30"), only=2),
    Status(
        At(8, "10:35"),
        CaseStatus.IN_PROGRESS,
        "specialist",
        note="Nagebeld zoals afgesproken",
        next_step="Parkeervergunning op haar naam zetten; daarna de zaak samen afronden",
    ),
)

# The agency: the death is known from the BRP, so she proves nothing; one named owner (Stefan
# Maas) handles the final tax return (F-biljet) and asks Toeslagen to adjust the allowance.
UITVOERING_STEPS = (
    OpenCase(
        At(20, "09:40"),
        goal="De belastingzaken van haar overleden man afronden",
        next_step="Aangifte over het overlijdensjaar (F-biljet) samen voorbereiden",
        lead_days=75,
        team="Inkomstenbelasting",
        actor="kcc",
        owner="inkomstenbelasting",
    ),
    Personal(
        At(20, "09:41"),
        "kcc",
        owner="inkomstenbelasting",
        reason="Nalatenschap: één vaste contactpersoon voor de aangifte en de toeslag.",
    ),
    Say(
        At(20, "09:40"),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Overlijden van haar man",
        summary="Mevrouw Verbeek belt: haar man Henk is vorige maand overleden. Zij vraagt wat "
        "zij moet doen voor zijn belastingaangifte en of haar zorgtoeslag verandert.",
        response="Gecondoleerd. Het overlijden was al bekend via de gemeente; mevrouw hoeft "
        "niets op te sturen. Stefan Maas wordt haar vaste contactpersoon en belt binnen 3 dagen.",
        outcome=Outcome.CALLBACK,
        sentiment=Sentiment.SAD,
        on_case=True,
        promises=(
            Promise(
                "Mevrouw Verbeek bellen over de aangifte voor haar overleden man",
                "inkomstenbelasting",
                At(17, "17:00"),
                TaskKind.CALLBACK,
            ),
        ),
        label="call",
    ),
    Say(
        At(18, "14:00"),
        Channel.PHONE,
        OUT,
        "inkomstenbelasting",
        subject="Kennismaking vaste contactpersoon",
        summary="Kennisgemaakt als vaste contactpersoon. Uitgelegd wat een F-biljet is en dat we "
        "het samen invullen zodra de jaaropgaven binnen zijn. Uitstel geregeld. De zorgtoeslag "
        "wordt vanaf volgende maand aangepast; dat regelt Toeslagen.",
        outcome=Outcome.INFORMED,
        sentiment=Sentiment.SAD,
        on_case=True,
        promises=(
            Promise(
                "Zorgtoeslag aanpassen aan de nieuwe situatie, zonder terugvordering over de "
                "maand van overlijden",
                "team:Toeslagen",
                At(-3, "17:00"),
                TaskKind.DECIDE,
            ),
        ),
    ),
    Keep("call", At(18, "14:00")),
    Status(
        At(18, "14:10"),
        CaseStatus.IN_PROGRESS,
        "inkomstenbelasting",
        note="Vaste contactpersoon: Stefan Maas",
        next_step="F-biljet samen invullen zodra de jaaropgaven binnen zijn",
    ),
    Say(
        At(17, "10:00"),
        Channel.LETTER,
        OUT,
        "inkomstenbelasting",
        subject="Wat wij voor u regelen",
        summary="Brief in gewone taal: wat er geregeld wordt en wanneer, met het directe "
        "telefoonnummer van Stefan Maas.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
)
