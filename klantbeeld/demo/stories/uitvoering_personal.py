"""Stories of Dienst Belastingen en Toeslagen about reaching a person: SC-20 a chatbot loop
handed over to a human, SC-27 an angry customer whose allowance did not arrive, and SC-28 an
elderly customer who prefers letter and phone (AR-04, AR-14, AR-15, INC-01)."""

from __future__ import annotations

from datetime import date

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import person, prefers, reachable
from klantbeeld.demo.stories.script import At, Close, Keep, OpenCase, Promise, Say, Status
from klantbeeld.parties.constants import AnswerStyle

IN, OUT = Direction.INBOUND, Direction.OUTBOUND

# SC-20: after two fallbacks the assistant hands over, during office hours, to a person in the
# web chat who sees the transcript: "ik zie dat je het in de chatbot hebt geprobeerd". No loop,
# no restart (AR-04).
TIM = person(
    ("Tim", "", "Hendriks"),
    date(1995, 1, 23),
    AddressSpec("Tramstraat", 2, "5611 CR", "Dommelstad"),
    prefers(Channel.WEB_CHAT, informal=True),
    reachable(email="tim.hendriks@example.org", mobile="+31612345632"),
    bsn="186186186",
)
_TRANSCRIPT = (
    "Klant: kan ik mijn aanslag in stukjes betalen\n"
    "Assistent: Dat begrijp ik niet helemaal. Wilt u uw aanslag bekijken?\n"
    "Klant: nee, in delen betalen. termijnen\n"
    "Assistent: Sorry, dat begrijp ik nog steeds niet.\n"
    "Assistent: Ik verbind u door met een medewerker. Die ziet dit gesprek, dus u hoeft niets "
    "te herhalen."
)
CHATBOT_LOOP_STEPS = (
    Say(
        At(3, "11:02"),
        Channel.ASSISTANT,
        IN,
        "assistant",
        subject="Betalen in termijnen",
        summary="Vraagt of de aanslag in delen betaald kan worden. De assistent begreep de vraag "
        "twee keer niet.",
        content=_TRANSCRIPT,
        response="Na twee keer 'niet begrepen' direct doorgezet naar een medewerker.",
        outcome=Outcome.TRANSFERRED,
        sentiment=Sentiment.WORRIED,
    ),
    Say(
        At(3, "11:04"),
        Channel.WEB_CHAT,
        IN,
        "kcc2",
        subject="Betalen in termijnen",
        summary="Overgenomen van de digitale assistent: 'Ik zie dat je het in de chatbot hebt "
        "geprobeerd. Je wilt je aanslag in termijnen betalen.'",
        response="Betalingsregeling samen aangevraagd: 12 maandelijkse termijnen van € 95.",
        sentiment=Sentiment.POSITIVE,
        promises=(
            Promise(
                "Betalingsregeling van 12 termijnen beoordelen en bevestigen",
                "team:Invordering",
                At(-7, "17:00"),
                TaskKind.DECIDE,
            ),
        ),
        label="chat",
    ),
    Say(
        At(1, "15:10"),
        Channel.PORTAL,
        OUT,
        "invordering",
        subject="Betalingsregeling toegekend",
        summary="Bericht in Mijn omgeving: de betalingsregeling van 12 termijnen is toegekend. "
        "De eerste termijn is op de 1e van volgende maand.",
        outcome=Outcome.INFORMED,
    ),
    Keep("chat", At(1, "15:10")),
    Close(At(1, "15:10")),
)

# SC-27: an angry message that the rent allowance has not arrived is not left to the
# assistant; she is offered a call (or video) at once and gets one within hours (AR-14).
SAMIRA = person(
    ("Samira", "", "Benali"),
    date(1990, 9, 8),
    AddressSpec("Zonnebloemstraat", 26, "5622 NW", "Dommelstad"),
    prefers(Channel.PHONE, style=AnswerStyle.REASSURING),
    reachable(email="samira.benali@example.com", mobile="+31612345633"),
    bsn="203203203",
)
ANGRY_ALLOWANCE_STEPS = (
    Say(
        At(6, "08:12"),
        Channel.PORTAL,
        IN,
        "kcc",
        subject="Huurtoeslag niet ontvangen",
        summary="Bericht in Mijn omgeving: de huurtoeslag is deze maand niet gestort en de huur "
        "moet betaald worden. Boos; het is de tweede keer dit jaar.",
        content="Mijn huurtoeslag is deze maand weer niet gestort! Ik moet de huur betalen en "
        "niemand helpt me. Dit is al de tweede keer.",
        response="Niet door de digitale assistent beantwoord (boosheid en geldzorgen). Direct "
        "een terugbelafspraak voor vanochtend aangeboden, of beeldbellen.",
        outcome=Outcome.CALLBACK,
        sentiment=Sentiment.ANGRY,
        promises=(
            Promise(
                "Mevrouw Benali vanochtend terugbellen over de huurtoeslag",
                "toeslagen",
                At(6, "12:00"),
                TaskKind.CALLBACK,
            ),
        ),
        label="message",
    ),
    OpenCase(
        At(6, "10:40"),
        goal="De huurtoeslag van deze maand ontvangen",
        next_step="Spoedbetaling laten uitvoeren",
        lead_days=2,
        team="Toeslagen",
        actor="toeslagen",
        owner="toeslagen",
    ),
    Say(
        At(6, "10:40"),
        Channel.PHONE,
        OUT,
        "toeslagen",
        subject="Huurtoeslag niet ontvangen",
        summary="Teruggebeld. De betaling stond stil door een controle van het nieuwe "
        "rekeningnummer. Controle afgerond en spoedbetaling aangevraagd.",
        response="Uitgelegd dat het geld uiterlijk overmorgen op de rekening staat.",
        outcome=Outcome.INFORMED,
        sentiment=Sentiment.WORRIED,
        on_case=True,
    ),
    Keep("message", At(6, "10:40")),
    Status(At(6, "10:55"), CaseStatus.IN_PROGRESS, "toeslagen"),
    Status(
        At(4, "09:00"), CaseStatus.DECIDED, "toeslagen", note="Spoedbetaling van € 412 verstuurd"
    ),
    Say(
        At(4, "09:05"),
        Channel.PORTAL,
        OUT,
        "toeslagen",
        subject="Uw huurtoeslag is overgemaakt",
        summary="Bericht: de huurtoeslag van € 412 is vandaag overgemaakt.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
    Status(At(4, "09:06"), CaseStatus.CLOSED, "toeslagen"),
    Close(At(4, "09:06")),
)

# SC-28: a customer without a computer, addressed with "u", served by letter, phone and at the
# counter in large print; no pressure to go digital (AR-15, INC-01).
WILLEM = person(
    ("Willem", "de", "Graaf"),
    date(1942, 11, 30),
    AddressSpec("Kastanjelaan", 5, "5613 DG", "Dommelstad"),
    prefers(
        Channel.LETTER,
        style=AnswerStyle.EXTENSIVE,
        digital_help=True,
        accessibility="Grote letters",
    ),
    reachable(landline="+31402345634"),
    bsn="217217217",
)
ELDERLY_STEPS = (
    Say(
        At(40, "07:00"),
        Channel.LETTER,
        OUT,
        "messenger",
        subject="Uitnodiging om aangifte te doen",
        summary="Brief in grote letters: uitnodiging om aangifte te doen, met het aanbod van "
        "hulp bij het invullen, aan de telefoon of aan de balie.",
        outcome=Outcome.INFORMED,
    ),
    Say(
        At(35, "10:20"),
        Channel.PHONE,
        IN,
        "kcc",
        subject="Hulp bij de aangifte",
        summary="Meneer De Graaf belt naar aanleiding van de brief. Hij heeft geen computer en "
        "wil hulp bij de aangifte.",
        response="Afspraak gemaakt voor hulp aan de balie, dinsdag om 10.00 uur. Bevestiging "
        "volgt per brief.",
        outcome=Outcome.APPOINTMENT,
        sentiment=Sentiment.WORRIED,
        promises=(
            Promise(
                "Afspraakbevestiging per brief sturen, in grote letters",
                "team:Klantcontact",
                At(33, "17:00"),
                TaskKind.SEND_INFORMATION,
            ),
        ),
        label="call",
    ),
    Say(
        At(34, "15:00"),
        Channel.LETTER,
        OUT,
        "kcc",
        subject="Bevestiging van uw afspraak",
        summary="Afspraakbevestiging per brief: dinsdag 10.00 uur, met een lijstje van wat u "
        "meeneemt (jaaropgaven, bankafschriften).",
        outcome=Outcome.INFORMED,
    ),
    Keep("call", At(34, "15:00")),
    Say(
        At(28, "10:00"),
        Channel.COUNTER,
        IN,
        "inkomstenbelasting",
        subject="Aangifte samen ingevuld",
        summary="Aangifte samen met meneer De Graaf ingevuld en ingediend.",
        response="Meneer krijgt naar verwachting € 86 terug. Uitleg volgt per brief.",
        sentiment=Sentiment.POSITIVE,
    ),
    Say(
        At(27, "09:00"),
        Channel.LETTER,
        OUT,
        "inkomstenbelasting",
        subject="Uw aangifte is ontvangen",
        summary="Bevestiging per brief, in gewone taal en grote letters, zonder verwijzing naar "
        "de website.",
        outcome=Outcome.INFORMED,
    ),
    Close(At(27, "09:00")),
)
