"""Typical questions to Dienst Belastingen en Toeslagen, per topic of TAXONOMY.md."""

from klantbeeld.contacts.constants import TaskKind
from klantbeeld.demo.questions import FollowUp, Question

QUESTIONS: tuple[Question, ...] = (
    Question(
        "aangifte",
        "Uitstel voor de aangifte",
        "Vraagt uitstel voor de aangifte inkomstenbelasting, omdat de jaaropgave nog ontbreekt.",
        "Uitstel verleend tot 1 september. Bevestiging staat in de berichtenbox.",
    ),
    Question(
        "aangifte",
        "Vooringevulde aangifte klopt niet",
        "Het loon in de vooringevulde aangifte is lager dan op de jaaropgave.",
        "Uitgelegd dat het bedrag zelf aangepast kan worden; de jaaropgave is leidend.",
    ),
    Question(
        "aangifte",
        "Hulp bij de aangifte",
        "Vraagt hulp bij het invullen van de aangifte.",
        "Afspraak gemaakt voor hulp bij de aangifte aan de balie.",
        FollowUp(
            "Afspraakbevestiging voor hulp bij de aangifte sturen",
            "Klantcontact",
            2,
            "Afspraakbevestiging verstuurd, met een lijstje van wat de klant moet meenemen.",
            kind=TaskKind.SEND_INFORMATION,
        ),
    ),
    Question(
        "btw",
        "Btw-aangifte corrigeren",
        "Heeft een fout gemaakt in de btw-aangifte van het vorige kwartaal.",
        "Uitgelegd hoe een correctie (suppletie) online wordt ingediend.",
    ),
    Question(
        "btw",
        "Btw-identificatienummer",
        "Is net gestart als zzp'er en vraagt wanneer het btw-identificatienummer komt.",
        "Het nummer komt binnen 2 weken per post en staat ook in de berichtenbox.",
    ),
    Question(
        "btw",
        "Kleineondernemersregeling",
        "Vraagt of de kleineondernemersregeling (KOR) iets is voor een startend bedrijf.",
        "KOR uitgelegd: omzetgrens € 20.000 per jaar. Aanmelden kan online.",
    ),
    Question(
        "toeslagen",
        "Zorgtoeslag bij hoger inkomen",
        "Het inkomen is gestegen. Vraagt wat er met de zorgtoeslag gebeurt.",
        "Samen het nieuwe inkomen doorgegeven, zodat terugbetalen later wordt voorkomen.",
    ),
    Question(
        "toeslagen",
        "Huurtoeslag terugbetalen",
        "Moet huurtoeslag terugbetalen en begrijpt niet waarom.",
        "Uitgelegd dat het inkomen hoger was dan geschat. Een betalingsregeling is mogelijk.",
        FollowUp(
            "Berekening van de terugvordering per brief uitleggen",
            "Toeslagen",
            10,
            "Brief met de berekening in gewone taal verstuurd.",
            kind=TaskKind.SEND_INFORMATION,
        ),
    ),
    Question(
        "toeslagen",
        "Kinderopvangtoeslag aanvragen",
        "Het kind gaat naar de opvang. Vraagt hoe de toeslag aangevraagd wordt.",
        "Aanvraag samen gestart. Uitgelegd welke gegevens van de opvang nodig zijn.",
    ),
    Question(
        "betalingsregeling",
        "Betalingsregeling aanvragen",
        "Kan de aanslag inkomstenbelasting niet in één keer betalen.",
        "Uitgelegd hoe een betalingsregeling wordt aangevraagd. Aanvraag samen ingediend.",
        FollowUp(
            "Verzoek om een betalingsregeling beoordelen",
            "Invordering",
            28,
            "Betalingsregeling toegekend: 12 maandelijkse termijnen.",
            kind=TaskKind.DECIDE,
            case_goal="De aanslag in termijnen betalen",
            lead_days=28,
        ),
    ),
    Question(
        "betalingsregeling",
        "Uitstel van betaling",
        "Verwacht volgende maand geld en vraagt een maand uitstel van betaling.",
        "Uitstel van één maand vastgelegd. Er komt geen aanmaning.",
    ),
    Question(
        "aanslag",
        "Bezwaar tegen de aanslag",
        "Is het niet eens met de aanslag inkomstenbelasting: de hypotheekrente ontbreekt.",
        "Uitgelegd hoe bezwaar werkt, binnen 6 weken. Bezwaar samen ingediend.",
        FollowUp(
            "Bezwaar tegen de aanslag inkomstenbelasting beoordelen",
            "Inkomstenbelasting",
            84,
            "Bezwaar toegekend: de hypotheekrente is alsnog afgetrokken.",
            kind=TaskKind.DECIDE,
            case_goal="Een aanslag waarin de hypotheekrente is meegenomen",
            lead_days=84,
        ),
    ),
    Question(
        "aanslag",
        "Wanneer wordt de teruggaaf betaald",
        "Vraagt wanneer het bedrag van de voorlopige aanslag wordt uitbetaald.",
        "Uitbetaling binnen 10 werkdagen op het bekende rekeningnummer.",
    ),
    Question(
        "digid_machtiging",
        "Familielid machtigen",
        "Wil een zoon machtigen om de aangifte te doen.",
        "Uitgelegd hoe machtigen via DigiD Machtigen werkt. Stap voor stap doorgelopen.",
    ),
    Question(
        "digid_machtiging",
        "Inloggen met DigiD lukt niet",
        "Kan niet meer inloggen met DigiD en de aangifte moet binnenkort binnen zijn.",
        "Nieuwe activeringscode aangevraagd. Tot die tijd kan hulp aan de balie; uitstel gegeven.",
    ),
)
