"""Typical questions to Havenstad Vervoer, per topic of TAXONOMY.md."""

from klantbeeld.contacts.constants import TaskKind
from klantbeeld.demo.questions import FollowUp, Question

QUESTIONS: tuple[Question, ...] = (
    Question(
        "abonnement",
        "Welk abonnement past",
        "Reist drie dagen per week naar het werk en vraagt welk abonnement voordelig is.",
        "Uitgelegd dat een trajectabonnement vanaf drie reisdagen per week voordeliger is.",
    ),
    Question(
        "abonnement",
        "Abonnement pauzeren",
        "Gaat twee maanden op reis en wil het abonnement zolang stopzetten.",
        "Abonnement voor twee maanden gepauzeerd. Er wordt zolang niets afgeschreven.",
    ),
    Question(
        "abonnement",
        "Abonnement opzeggen",
        "Werkt nu thuis en wil het abonnement opzeggen.",
        "Opgezegd per het einde van de maand. Bevestiging per e-mail gestuurd.",
    ),
    Question(
        "ov_chipkaart",
        "Vergeten uit te checken",
        "Is vergeten uit te checken en vraagt het ingehouden bedrag terug.",
        "Terugvraag verwerkt. Het bedrag staat binnen 5 werkdagen weer op de kaart.",
    ),
    Question(
        "ov_chipkaart",
        "Automatisch opladen werkt niet",
        "Automatisch opladen werkt niet meer sinds de nieuwe bankpas.",
        "Machtiging voor automatisch opladen opnieuw ingesteld met het nieuwe rekeningnummer.",
    ),
    Question(
        "ov_chipkaart",
        "OV-chipkaart kwijt",
        "Is de persoonlijke OV-chipkaart kwijt en wil de kaart laten blokkeren.",
        "Kaart geblokkeerd en vervangende kaart besteld.",
        FollowUp(
            "Saldo en producten overzetten naar de vervangende kaart",
            "Klantenservice",
            7,
            "Saldo en producten staan op de nieuwe kaart. Klant geïnformeerd.",
        ),
    ),
    Question(
        "reisinformatie_storing",
        "Laatste metro",
        "Vraagt hoe laat de laatste metro naar het centrum vertrekt.",
        "De laatste metro naar het centrum vertrekt om 00.32 uur van perron 2.",
    ),
    Question(
        "reisinformatie_storing",
        "Omleiding buslijn",
        "Vraagt waarom bus 33 niet langs de vaste halte rijdt.",
        "Door werkzaamheden rijdt de bus tot het einde van de maand om. Tijdelijke halte om de hoek.",
    ),
    Question(
        "reisinformatie_storing",
        "Geld terug bij vertraging",
        "Miste de aansluiting door een vertraagde tram en vraagt naar vergoeding.",
        "Uitgelegd hoe geld terug bij vertraging werkt; formulier samen ingevuld.",
    ),
    Question(
        "gevonden_voorwerpen",
        "Rugtas laten liggen in de tram",
        "Heeft gisteren een zwarte rugtas laten liggen in tram 4.",
        "Verlies geregistreerd. We laten het weten als de tas wordt gevonden.",
        FollowUp(
            "Zoeken naar de zwarte rugtas uit tram 4",
            "Gevonden voorwerpen",
            5,
            "Rugtas gevonden. Hij ligt klaar bij het servicepunt op Havenstad Centraal.",
        ),
    ),
    Question(
        "gevonden_voorwerpen",
        "Sleutelbos verloren",
        "Vraagt of er een sleutelbos met een blauwe hanger is gevonden in bus 12.",
        "Nog niet gevonden. De melding blijft drie maanden staan.",
    ),
    Question(
        "klacht",
        "Bus reed door",
        "De bus stopte niet bij de halte, terwijl de klant duidelijk zijn hand opstak.",
        "Excuses aangeboden. Klacht doorgezet naar de teamleider van de chauffeurs.",
        FollowUp(
            "Klacht over de doorrijdende bus uitzoeken en de klant antwoorden",
            "Klantenservice",
            10,
            "Chauffeur is aangesproken. Klant heeft een reactie en een tegoedbon van € 5 gekregen.",
            kind=TaskKind.DECIDE,
            case_goal="Een serieuze reactie op de klacht",
            lead_days=10,
        ),
    ),
    Question(
        "klacht",
        "Vieze tram",
        "Meldt dat de tram erg vies was, met etensresten op de stoelen.",
        "Doorgegeven aan de schoonmaakploeg. Bedankt voor de melding.",
    ),
    Question(
        "korting_65plus",
        "Korting na je 65e",
        "Wordt volgende maand 65 en vraagt naar de korting voor 65-plussers.",
        "Uitgelegd welke kortingen er zijn. Het product kan vanaf de verjaardag op de kaart.",
    ),
    Question(
        "korting_65plus",
        "Korting staat niet op de kaart",
        "De 65+-korting is na de verjaardag niet actief op de kaart.",
        "Korting alsnog klaargezet. Ophalen kan bij elke ophaalautomaat.",
    ),
)
