"""Stories of Gemeente Dommelstad that a team lead should be warned about: SC-23 a spiral
between teams and SC-24 a stalled case (SIG-*). The demo leaves them in the state in which
insights should raise the signal; it does not raise it itself.
"""

from __future__ import annotations

from datetime import date

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import person, prefers, reachable
from klantbeeld.demo.stories.script import At, Keep, OpenCase, Promise, Say, Status, Transfer
from klantbeeld.parties.constants import AnswerStyle

IN, OUT = Direction.INBOUND, Direction.OUTBOUND

# SC-23: a debt-help case passed between five employees in four teams (KCC, Werk en inkomen,
# Belastingen, Burgerzaken) without a result and without a named owner (AR-01, AR-23).
# Insights should raise the spiral signal and switch the case to personal handling.
PRISCILLA = person(
    ("Priscilla", "", "Doelwijt"),
    date(1988, 1, 30),
    AddressSpec("Populierenlaan", 112, "5621 TP", "Dommelstad"),
    prefers(Channel.PHONE, style=AnswerStyle.REASSURING),
    reachable(email="p.doelwijt@example.com", mobile="+31612345614"),
    bsn="155155155",
)
SPIRAL_STEPS = (
    OpenCase(
        At(61, "09:20"),
        goal="Hulp bij schulden en een inkomen om van te leven",
        next_step="Intakegesprek schuldhulp plannen",
        lead_days=56,
        team="Werk en inkomen",
        actor="kcc",
    ),
    Say(
        At(61, "09:20"),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Huur en energie niet meer te betalen",
        summary="Kan de huur en de energierekening niet meer betalen: twee maanden achterstand. "
        "Maakt zich grote zorgen om de kinderen.",
        response="Doorgezet naar Werk en inkomen voor schuldhulp.",
        outcome=Outcome.TRANSFERRED,
        sentiment=Sentiment.WORRIED,
        on_case=True,
        promises=(
            Promise(
                "Intakegesprek schuldhulp plannen",
                "team:Werk en inkomen",
                At(58, "17:00"),
                TaskKind.CALLBACK,
            ),
        ),
        label="first",
    ),
    Say(
        At(57, "13:30"),
        Channel.PHONE,
        OUT,
        "werk_inkomen",
        subject="Intakegesprek schuldhulp",
        summary="Intake gedaan. Eerst moet de kwijtschelding van de gemeentelijke belastingen "
        "geregeld worden; dat doet team Belastingen.",
        outcome=Outcome.TRANSFERRED,
        on_case=True,
        promises=(
            Promise(
                "Kwijtschelding gemeentelijke belastingen beoordelen",
                "team:Belastingen",
                At(43, "17:00"),
                TaskKind.DECIDE,
            ),
        ),
        label="intake",
    ),
    Keep("first", At(57, "13:30")),
    Status(
        At(57, "13:44"),
        CaseStatus.IN_PROGRESS,
        "werk_inkomen",
        next_step="Kwijtschelding gemeentelijke belastingen beoordelen (team Belastingen)",
    ),
    Transfer(
        At(57, "13:45"),
        "werk_inkomen",
        team="Belastingen",
        note="Intake schuldhulp gedaan; eerst kwijtschelding gemeentelijke belastingen beoordelen.",
    ),
    Say(
        At(48, "10:05"),
        Channel.EMAIL,
        IN,
        "belastingen",
        subject="Wie helpt mij nu?",
        summary="Heeft een brief gekregen dat kwijtschelding pas kan na een besluit over "
        "bijzondere bijstand. Vraagt wie haar nu helpt.",
        response="Kwijtschelding kan pas na het besluit van Werk en inkomen. Zaak teruggelegd "
        "bij Werk en inkomen.",
        outcome=Outcome.TRANSFERRED,
        sentiment=Sentiment.WORRIED,
        on_case=True,
    ),
    Keep("intake", At(48, "10:06")),
    Transfer(
        At(48, "10:07"),
        "belastingen",
        team="Werk en inkomen",
        note="Kwijtschelding kan pas na het besluit over bijzondere bijstand; terug naar Werk en inkomen.",
    ),
    Say(
        At(41, "15:50"),
        Channel.COUNTER,
        IN,
        "specialist",
        subject="Stand van zaken schuldhulp",
        summary="Komt aan de balie: er zou een oud adres in haar dossier staan, waardoor een "
        "brief niet aankwam. Adres gecontroleerd: dat klopt wel.",
        response="Geen actie voor Burgerzaken. Zaak terug naar het KCC.",
        outcome=Outcome.TRANSFERRED,
        sentiment=Sentiment.ANGRY,
        on_case=True,
    ),
    Transfer(
        At(41, "15:58"),
        "specialist",
        team="KCC",
        note="Adres in de BRP klopt; geen actie voor Burgerzaken. Terug naar het KCC.",
    ),
    Say(
        At(34, "11:25"),
        Channel.WEB_CHAT,
        IN,
        "kcc2",
        subject="Vierde keer: wie behandelt mijn zaak?",
        summary="Vraagt voor de vierde keer wie haar zaak behandelt. Nog geen besluit, en "
        "inmiddels een aanmaning van de energieleverancier.",
        response="Excuses aangeboden. Terugbelverzoek gemaakt voor Werk en inkomen.",
        outcome=Outcome.CALLBACK,
        sentiment=Sentiment.ANGRY,
        on_case=True,
        promises=(
            Promise(
                "Mevrouw Doelwijt terugbellen over de stand van haar schuldhulp",
                "team:Werk en inkomen",
                At(31, "17:00"),
                TaskKind.CALLBACK,
            ),
        ),
    ),
)

# SC-24: a remission request open for 42 days without any status change, against an expected
# lead time of 90 days. Insights should send an interim update and signal the team.
HANS = person(
    ("Hans", "", "Brouwer"),
    date(1963, 6, 8),
    AddressSpec("Beukenstraat", 7, "5615 ZM", "Dommelstad"),
    prefers(Channel.LETTER, style=AnswerStyle.EXTENSIVE),
    reachable(landline="+31402345615"),
    bsn="169169169",
)
STALLED_STEPS = (
    OpenCase(
        At(42, "11:10"),
        goal="Kwijtschelding van de gemeentelijke belastingen",
        next_step="Inkomen en vermogen beoordelen",
        lead_days=90,
        team="Belastingen",
        actor="kcc",
    ),
    Say(
        At(42, "11:10"),
        Channel.LETTER,
        IN,
        "kcc",
        subject="Verzoek om kwijtschelding",
        summary="Brief met een verzoek om kwijtschelding van de aanslag gemeentelijke "
        "belastingen, met bankafschriften en een loonstrook.",
        response="Brief gescand en als zaak doorgezet naar team Belastingen.",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.WORRIED,
        on_case=True,
    ),
    Say(
        At(41, "09:00"),
        Channel.LETTER,
        OUT,
        "messenger",
        subject="Ontvangstbevestiging kwijtschelding",
        summary="Ontvangstbevestiging per brief: we beslissen binnen 90 dagen. Tot die tijd "
        "hoeft meneer Brouwer niet te betalen.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
)
