"""Typical questions to Waterbedrijf Rivierland, per topic of TAXONOMY.md."""

from klantbeeld.contacts.constants import Outcome, TaskKind
from klantbeeld.demo.questions import FollowUp, Question

QUESTIONS: tuple[Question, ...] = (
    Question(
        "meterstand",
        "Meterstand doorgeven",
        "Vraagt hoe de meterstand doorgegeven kan worden.",
        "Dat kan in Mijn Waterbedrijf, in de app of via WhatsApp met een foto van de meter.",
    ),
    Question(
        "meterstand",
        "Geschatte meterstand klopt niet",
        "De jaarafrekening is gebaseerd op een geschatte meterstand die veel te hoog is.",
        "Juiste meterstand genoteerd. Er komt een nieuwe jaarafrekening.",
        FollowUp(
            "Jaarafrekening opnieuw maken met de juiste meterstand",
            "Facturatie",
            14,
            "Nieuwe jaarafrekening gemaakt: de klant krijgt € 64 terug.",
            kind=TaskKind.DECIDE,
            case_goal="Een jaarafrekening op basis van de echte meterstand",
            lead_days=14,
        ),
    ),
    Question(
        "meterstand",
        "Afspraak vervangen watermeter",
        "Heeft een brief gekregen over het vervangen van de watermeter en wil een andere datum.",
        "Nieuwe afspraak gemaakt voor het vervangen van de meter, op een ochtend naar keuze.",
        outcome=Outcome.APPOINTMENT,
    ),
    Question(
        "verhuizing_water",
        "Verhuizing doorgeven",
        "Gaat verhuizen en vraagt hoe de watermeter op de nieuwe naam komt.",
        "Verhuizing vastgelegd met de meterstand op de verhuisdatum. Bevestiging volgt per e-mail.",
    ),
    Question(
        "verhuizing_water",
        "Nieuwe bewoner",
        "Woont sinds kort op dit adres en wil zich aanmelden als klant.",
        "Klantgegevens vastgelegd en beginmeterstand genoteerd. Welkomstmail gestuurd.",
    ),
    Question(
        "termijnbedrag",
        "Termijnbedrag verlagen",
        "Vindt het maandbedrag te hoog sinds een huisgenoot is vertrokken.",
        "Termijnbedrag aangepast van € 34 naar € 24 per maand.",
    ),
    Question(
        "termijnbedrag",
        "Uitleg jaarafrekening",
        "Begrijpt de jaarafrekening niet: waarom moet er worden bijbetaald?",
        "Uitgelegd dat het verbruik hoger was dan de termijnen. Betalen in delen kan.",
    ),
    Question(
        "storing_lekkage",
        "Lage waterdruk",
        "Heeft al twee dagen lage waterdruk in de hele woning.",
        "Geen storing bekend in de wijk. Een monteur komt kijken.",
        FollowUp(
            "Monteur laten kijken naar de lage waterdruk",
            "Storingsdienst",
            2,
            "Monteur heeft de hoofdkraan vervangen; de druk is weer normaal.",
        ),
    ),
    Question(
        "storing_lekkage",
        "Geen water",
        "Heeft sinds vanochtend geen water.",
        "Er is een leidingbreuk in de straat. Herstel wordt rond 16.00 uur verwacht.",
        outcome=Outcome.INFORMED,
    ),
    Question(
        "storing_lekkage",
        "Water bij de watermeter",
        "Ziet water bij de watermeter in de meterkast.",
        "Advies gegeven om de hoofdkraan dicht te draaien. De storingsdienst komt vandaag nog.",
        FollowUp(
            "Lekkage bij de watermeter verhelpen",
            "Storingsdienst",
            1,
            "Koppeling bij de watermeter vervangen. Er lekt niets meer.",
        ),
    ),
    Question(
        "waterkwaliteit",
        "Hardheid van het water",
        "Vraagt hoe hard het water is, voor de instelling van de vaatwasser.",
        "Het water is 1,5 mmol/l (8,4 °dH). Uitgelegd hoe de vaatwasser ingesteld kan worden.",
    ),
    Question(
        "waterkwaliteit",
        "Bruin water uit de kraan",
        "Er komt bruin water uit de kraan na werkzaamheden in de straat.",
        "Dat is niet schadelijk. Advies: de koude kraan laten lopen tot het water helder is.",
        FollowUp(
            "Navragen of het water weer helder is",
            "Klantenservice",
            1,
            "Klant teruggebeld: het water is weer helder.",
            kind=TaskKind.CALLBACK,
        ),
    ),
    Question(
        "waterkwaliteit",
        "Loden leidingen",
        "Woont in een huis uit 1932 en vraagt of er nog loden leidingen kunnen zitten.",
        "Uitgelegd hoe loden leidingen te herkennen zijn en dat een gratis loodtest mogelijk is.",
        FollowUp(
            "Pakket voor de gratis loodtest sturen",
            "Klantenservice",
            5,
            "Pakket voor de loodtest verstuurd, met uitleg.",
            kind=TaskKind.SEND_INFORMATION,
        ),
    ),
    Question(
        "factuur_betaling",
        "Herinnering terwijl al betaald is",
        "Heeft een betalingsherinnering gekregen, maar denkt al betaald te hebben.",
        "De betaling had een verkeerd kenmerk en is nu gekoppeld. De herinnering vervalt.",
    ),
    Question(
        "factuur_betaling",
        "Betalingsregeling",
        "Kan de jaarafrekening van € 180 niet in één keer betalen.",
        "Betalingsregeling afgesproken in 6 termijnen.",
        FollowUp(
            "Betalingsregeling vastleggen en per e-mail bevestigen",
            "Facturatie",
            3,
            "Betalingsregeling vastgelegd en bevestigd.",
            kind=TaskKind.SEND_INFORMATION,
        ),
    ),
    Question(
        "factuur_betaling",
        "Automatische incasso",
        "Wil voortaan betalen met automatische incasso.",
        "Machtiging vastgelegd. De eerste incasso is volgende maand.",
    ),
)
