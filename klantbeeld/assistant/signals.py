"""Transparent Dutch signals in an inbound text: the parts of triage a rule states better than a
model (issue 6, item 2; TRI-04, BOT-03, BOT-04).

Each signal is a lexicon or a regular expression over the *normalised* text (lower case, no
accents, repeated letters collapsed, long words within one typo of a lexicon word corrected),
so that an employee can read why a message was flagged, and a rule can be fixed in one line:

- the explicit wish for a person (``"ik wil een medewerker spreken"``, ``"mens!"``; BOT-03);
- sensitivity: ``bereavement``, ``health_safety``, ``financial_distress``, ``threat``;
- urgency: ``normaal`` | ``hoog`` | ``spoed``;
- emotion: ``angry`` | ``worried`` | ``sad`` | ``positive`` | ``neutral`` (shouting in capitals,
  ``!!!``, swearing count as anger);
- repeat contact (``"alweer"``, ``"voor de derde keer"``, ``"niemand reageert"``).

:func:`signals_detect` returns them with the matched words as evidence. Which signals escalate
(TAXONOMY.md) is decided in :mod:`klantbeeld.assistant.classifier`, which combines the
high-precision ones with a trained model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

SENSITIVITIES = ("bereavement", "health_safety", "financial_distress", "threat")
URGENCIES = ("normaal", "hoog", "spoed")
EMOTIONS = ("angry", "worried", "sad", "positive", "neutral")

SENSITIVITY_LABELS = {
    "bereavement": "overlijden",
    "health_safety": "gezondheid/veiligheid",
    "financial_distress": "financiële nood",
    "threat": "dreiging",
}
EMOTION_LABELS = {
    "angry": "boos",
    "worried": "bezorgd",
    "sad": "verdrietig",
    "positive": "positief",
    "neutral": "neutraal",
}

# Long words that carry a signal on their own: a token within one edit (or one swap of
# neighbours) of one of these is read as that word, so "medewerkr" and "overleiden" still count.
# Only words of 7+ letters: shorter ones have too many innocent neighbours.
_FUZZY_WORDS = (
    "medewerker",
    "medewerkster",
    "overleden",
    "overlijden",
    "gestorven",
    "begrafenis",
    "crematie",
    "uitvaart",
    "deurwaarder",
    "voedselbank",
    "belachelijk",
    "schandalig",
    "waardeloos",
    "onacceptabel",
    "klantenservice",
    "terugbellen",
    "ziekenhuis",
    "ambulance",
    "zelfmoord",
    "bedreigd",
    "bedreiging",
    "lekkage",
    "ongerust",
    "verdrietig",
    "zoveelste",
    "dringend",
)


@dataclass(frozen=True)
class Signals:
    """What the rules found; ``evidence`` holds ``(signal, matched words)`` pairs, in Dutch."""

    wants_person: bool = False
    sensitivity: tuple[str, ...] = ()
    urgency: str = "normaal"
    emotion: str = "neutral"
    repeat_contact: bool = False
    shouting: bool = False
    acute_distress: bool = False
    distress_after_repeat: bool = False
    complications: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()


def _compile(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


_FAMILY = (
    r"(?:man|vrouw|partner|echtgeno(?:ot|te)|vriend(?:in)?|moeder|vader|mama|papa|ma|pa|"
    r"zoon|dochter|kind|kindje|baby|zoontje|dochtertje|broer|broertje|zus|zusje|zuster|"
    r"oma|opa|schoonmoeder|schoonvader|ouders?|tante|oom|neef|nicht|huisgenoot|vriendin)"
)
_DIED = r"(?:overleden|gestorven|overleed|stierf|verongelukt|omgekomen|om het leven gekomen)"
_SICK = (
    r"ziek|misselijk|overgeven|overgegeven|geeft over|spuugt|gespuugd|braakt|gebraakt|"
    r"diarree|buikpijn|uitslag"
)
_PERSON = r"(?:medewerker|medewerkster|mens|persoon|iemand|mevrouw of meneer|meneer of mevrouw)"

WANTS_PERSON = _compile(
    # the bare escape word (BOT-03), alone or opening the message: "MEDEWERKER. factuur"
    r"^\W*(?:een |echte? )*(?:medewerker|medewerkster|mens|persoon|agent)\b"
    r"(?=\s*(?:[.,!?:;]|$|aub|a\.u\.b|graag|alsjeblieft|alstublieft|spreken|nu|svp|please))",
    r"\b(?:wil|wilt|willen|graag|liever|kan ik|kun ik|mag ik|kunt u|kun je|kan er|laat|"
    r"verbind|geef|zoek|spreek)\b[^.?!]{0,40}?\b" + _PERSON + r"\b[^.?!]{0,25}?\b"
    r"(?:spreken|praten|chatten|bellen|aan de (?:lijn|telefoon)|hebben|nodig|helpen|"
    r"kijken|overleggen|persoonlijk)",
    r"\b(?:wil|wilt|graag|liever|kan ik|mag ik|kunnen we)\b[^.?!]{0,30}?\b(?:contact|spreken|"
    r"praten|chatten|in gesprek|bellen|overleggen|persoonlijk contact) met (?:een |iemand|"
    r"jullie|u\b)",
    r"\b(?:mag ik|kan ik|geef me|geef mij|is er) (?:een |nu )?(?:echte? )?(?:medewerker|"
    r"medewerkster|mens|persoon|iemand)\b(?! (?:van de|die bij))",
    r"\b(?:iemand|een mens|een persoon|een medewerker|persoon|mens|medewerker) "
    r"(?:spreken|aan de lijn|aan de telefoon|te pakken)",
    r"\b(?:kan|kunt|wil|zou) (?:iemand|een medewerker|u|jij|je)\b[^.?!]{0,10}\b(?:mij|me)\b"
    r"[^.?!]{0,10}\b(?:bellen|terugbellen|laten bellen)",
    r"\blaten (?:terug)?bellen door\b|\bpersoonlijk contact\b|\bspreek liever\b",
    r"\bgraag (?:iemand|een medewerker|een mens|een persoon)\b|\bsamen met iemand\b",
    r"\b(?:kan|kunt|wil|zou) een medewerker\b[^.?!]{0,25}\b(?:helpen|bellen)\b",
    r"\b(?:doorverbinden|doorverbonden worden|verbind me|verbind mij)\b",
    r"\bbel(?:t|len)? (?:me|mij) (?:maar )?(?:terug|op|even|alstublieft|aub|a\.u\.b)\b",
    r"\b(?:terugbellen|terugbelverzoek|teruggebeld worden)\b",
    r"\bbellen met (?:een |iemand|jullie|u\b)|\bwie kan ik bellen\b",
    r"\b(?:geen|niet met een|niet tegen een|geen zin in (?:die|de|een)|stop(?:pen)? met "
    r"(?:de|deze)) (?:chat ?bot|bot|robot)\b|\bniet met een computer\b",
    r"\b(?:echt(?:e)? mens|menselijk contact|mens van vlees en bloed)\b",
    r"\b(?:speak|talk) (?:to|with) (?:a |an )?(?:person|human|agent|employee|someone)\b",
)

BEREAVEMENT = _compile(
    r"\b" + _FAMILY + r"\b[^.?!]{0,60}?\b" + _DIED,
    r"\b(?:mijn|onze|m'n|mn|ons) " + _FAMILY + r"\b[^.?!]{0,30}?\b(?:is|zijn|was) "
    r"(?:\w+ )?(?:dood|heengegaan|ingeslapen)",
    r"\b(?:overlijden|dood|sterven|sterfgeval|verlies) van (?:mijn|onze|m'n|mn|ons)\b",
    r"\b(?:verloren|kwijtgeraakt) (?:mijn|onze|m'n|mn) "
    + _FAMILY
    + r"\b|\b(?:mijn|onze|m'n|mn) "
    + _FAMILY
    + r" verloren\b",
    r"\b(?:begrafenis|crematie|uitvaart|rouw|rouwen|rouwkaart|weduwe|weduwnaar|"
    r"doodgeboren|miskraam)\b",
    r"\b(?:mijn|onze|m'n|mn) (?:overleden|wijlen) ",
)

HEALTH_SAFETY = _compile(
    r"\b(?:gaslucht|ruik gas|gas ruiken|gaslek|brand|rook|rookontwikkeling|brandweer|ontploffing|"
    r"explosie|ingestort|instortingsgevaar|levensgevaar|levensgevaarlijk|vonkt|vonken|"
    r"kortsluiting|onder stroom)\b",
    r"\b(?:gewond|bewusteloos|onwel|flauwgevallen|ambulance|112|eerste hulp|reanimatie|"
    r"onderkoeld|bloedt|bloedde|aangereden|ligt (?:nog )?op de grond|zit(?:ten)? vast in|"
    r"bijna (?:aangereden|een ongeluk|\w+ aangereden)|reed bijna)\b",
    r"\b(?:" + _SICK + r")\b[^.?!]{0,60}\b(?:water|"
    r"kraanwater|drinken|gedronken|kraan)\b",
    r"\b(?:water|kraanwater|gedronken|kraan|lucht)\b[^.?!]{0,60}\b(?:" + _SICK + r")\b",
    r"\b(?:zwanger|zuigeling|pasgeboren)\b[^.?!]{0,60}\b(?:lood|loden)\b|\b(?:lood|loden)\b"
    r"[^.?!]{0,60}\b(?:zwanger|zuigeling|pasgeboren)\b",
    r"\b(?:water|lekkage|lekt)\b[^.?!]{0,50}\b(?:stopcontact|stopcontacten|elektra|"
    r"elektriciteit|meterkast)\b[^.?!]{0,30}\b(?:vonkt|stroom|op de|langs de)\b|"
    r"\b(?:stopcontact|stopcontacten|elektra)\b[^.?!]{0,30}\bwater\b",
    r"\b(?:dialyse|thuisdialyse|insuline|zuurstof|beademing|medicijnen|medicatie)\b",
    r"\b(?:zelfmoord|suicide|zelfdoding|een eind(?:e)? aan (?:te )?(?:mijn leven )?maken|"
    r"wil niet meer leven|zichzelf iets aan(?:doet|doen)?|mezelf iets aan(?:doen)?|"
    r"mijzelf iets aan(?:doen)?|spring (?:ik )?(?:van|voor)|van de brug|voor de trein|"
    r"red het niet meer|paniekaanval(?:len)?|113)\b",
    r"\b(?:aangerand|lastiggevallen|geslagen|mishandeld|mishandeling|beroofd|bedreigd|"
    r"achtervolgd|geintimideerd|huiselijk geweld|blauwe plekken|contactverbod|stalkt|"
    r"stalker|durf niet naar huis)\b",
    r"\b(?:slaat|sloeg|dwingt|bedreigt|dreigt|achtervolgt|volgt) (?:me|mij)\b",
    r"\b(?:staat|stond) (?:steeds|telkens|elke dag|weer) (?:voor|bij) (?:de|mijn) deur\b",
    r"\b(?:injectienaald|injectienaalden|spuiten in|naalden)\b",
    r"\b(?:kan|kunnen|dreigt|dreigen) (?:elk moment |ieder moment )?(?:vallen|omvallen|"
    r"instorten|naar beneden)",
    r"\b(?:hij|zij|ze|kind|zoon|dochter|vader|moeder)\b[^.?!]{0,20}\b(?:wordt vermist|is vermist|"
    r"is zoek)\b|\bweet niet waar (?:hij|zij|ze) (?:nu )?is\b",
    r"\b(?:kinderen|kind|zoon|dochter|jongetje|meisje|zoontje|dochtertje|buurjongetje|"
    r"buurmeisje)\b[^.?!]{0,40}\balleen\b[^.?!]{0,30}\b(?:buiten|in de bus|op straat|"
    r"achtergelaten|blijven zitten)",
    r"\b(?:voel me|voel ik me) (?:heel |erg |zo )?(?:slecht|ziek|beroerd)\b(?! behandeld)",
    r"\b(?:rolstoel|scootmobiel|rollator)\b[^.?!]{0,40}\b(?:huis niet uit|kan niet weg|"
    r"vast|gevallen)\b",
    r"\b(?:(?:stroom)?kabel|kabels|draad|draden)\b[^.?!]{0,30}\b(?:bloot|hangt|hangen|los)\b|"
    r"\b(?:hangt|hangen|hangende)\b[^.?!]{0,30}\b(?:kabels|draden)\b",
    r"\b(?:is|ben) gevallen\b|\bveel pijn\b|\bpillen\b|\bin paniek\b[^.?!]{0,40}\b(?:halte|"
    r"straat|donker|kwijt|alleen)\b",
    r"\b(?:zie het (?:echt )?niet meer zitten|niet (?:meer )?hoe ik (?:nog )?verder moet)\b",
    r"\b(?:geen water|zonder water)\b[^.?!]{0,60}\b(?:medische|baby|zuigeling|pasgeboren|"
    r"bedlegerig|hoogbejaard)",
)

THREAT = _compile(
    r"\b(?:ik|wij|we) (?:kom|komen|ga|gaan|zal|zullen)\b[^.?!]{0,40}\b(?:slaan|steken|"
    r"vermoorden|afmaken|kapotmaken|kapot maken|in de fik|in brand|opblazen|neerschieten|"
    r"pakken|te grazen|op je bek|verhaal halen|iets aandoen|wat aandoen)",
    r"\b(?:vermoord|vermoorden|afmaken|neersteken|neerschieten|opblazen|bom|wapen|"
    r"pistool|geweer)\b",
    r"\b(?:ik weet waar (?:je|jij|u|jullie) (?:woont|wonen|werkt|werken|zit|zitten))",
    r"\b(?:jullie|je|u) (?:gaan|gaat|zullen|zult|zal) (?:eraan|het merken|boeten|"
    r"ervoor boeten|spijt krijgen)",
    r"\b(?:dan gebeuren er ongelukken|kijk maar uit|pas maar op)\b",
)

# Debt or trouble paying, mentioned at all (a sensitivity; paying in instalments is not)
FINANCIAL_DISTRESS = _compile(
    r"\b(?:schuld|schulden|schuldhulp|achterstand|achterstanden|betalingsachterstand|"
    r"aanmaning|aanmaningen|deurwaarder|deurwaarders|beslag|loonbeslag|dwangbevel|"
    r"incassobureau|voedselbank|huisuitzetting|afsluiting|afgesloten|rood)\b",
    r"\b(?:kan|kunnen|kon)\b[^.?!]{0,30}\bniet (?:meer )?(?:betalen|opbrengen)\b",
    r"\bgeen (?:geld|cent|inkomen)\b",
)
# The part of it that is acute (TAXONOMY.md): no food, eviction, cut-off, bailiff, piling debts
ACUTE_DISTRESS = _compile(
    r"\bgeen (?:geld|cent|euro)\b[^.?!]{0,40}\b(?:eten|boodschappen|huur|kinderen|melk|"
    r"luiers|meer|over)\b",
    r"\b(?:niets|niks|geen eten|geen geld) (?:meer )?(?:te eten|in huis|in de koelkast|over)\b|"
    r"\bhonger\b|\b(?:echt|letterlijk|helemaal) (?:niks|niets)\b|\bniks meer\b",
    r"\b(?:voedselbank|deurwaarder|deurwaarders|beslag|beslaglegging|loonbeslag|dwangbevel|"
    r"huisuitzetting|ontruiming|dakloos|ik zie geen uitweg|ten einde raad)\b",
    r"\buit (?:ons|mijn|het|m'n) huis gezet\b|\bop straat (?:komen|te staan|staan)\b",
    r"\b(?:wordt|worden|word)\b(?: \w+){0,3} afgesloten\b|\bafsluiting\b",
    r"\bgeen (?:geld|cent) (?:om|meer om)\b|\bgeen eten\b|\b(?:gaat|ga|gaan) (?:\w+ )?"
    r"(?:bedrijf |zaak )?failliet\b",
    r"\b(?:schulden|schuld)\b[^.?!]{0,40}\b(?:stapelen|groeien|lopen op|loopt op|bij iedereen|"
    r"bij \d+|boven het hoofd|steeds meer)\b|\b(?:al|veel|nieuwe|privé|prive) schulden\b|"
    r"\boveral achterstand",
    r"\b(?:rekeningen|schulden|kosten|achterstanden) (?:lopen|stapelen) (?:op|zich op)\b",
    r"\b(?:bankrekening|rekening) (?:is )?(?:leeg|geblokkeerd)\b|\b(?:sta|staan) (?:ik |we )?rood\b",
    r"\b(?:kan|kunnen|kon)\b[^.?!]{0,40}\b(?:huur|boodschappen|eten|zorgverzekering|"
    r"energie|stroom|gas)\b[^.?!]{0,25}\bniet (?:meer )?(?:betalen|kopen|doen|opbrengen)|"
    r"\b(?:huur|boodschappen|eten)\b[^.?!]{0,20}\b(?:kan|kunnen) (?:\w+ )?niet (?:meer )?"
    r"(?:betaald|gekocht)",
    r"\b(?:heb|hebben|zit|zitten) (?:nu |nog |dan )?(?:geen|zonder) inkomen\b|"
    r"\bnog \d+ euro (?:voor|op)\b",
)

SPOED = _compile(
    r"\bspoed|\bnoodgeval|\bnoodsituatie|\bacuut\b|\blevensgevaar|\b112\b",
    r"\bgeen (?:druppel )?water\b|\bzonder water\b|\bkraan (?:geeft|doet) (?:niks|niets|"
    r"geen water)|\bkomt geen water",
    r"\b(?:leiding|waterleiding|buis|hoofdleiding)\b[^.?!]{0,20}\b(?:gesprongen|gebarsten|"
    r"geknapt|kapot)|\b(?:gesprongen|gebarsten) (?:leiding|waterleiding|buis)",
    r"\b(?:staat|loopt|stroomt)\b[^.?!]{0,25}\b(?:blank|onder water|vol water)|"
    r"\bwater (?:op straat|spuit|gutst|stroomt)|\bspuit water\b|\boverstroming\b",
    r"\b(?:gaslucht|gaslek|brand|ontploffing|explosie)\b",
)
HOOG = _compile(
    r"\b(?:vandaag|vanavond|vannacht|vanmiddag|morgen|direct|meteen|onmiddellijk|"
    r"z\.s\.m\.?|zsm|asap|dringend|urgent|(?<!geen )haast|zo snel mogelijk|zo spoedig mogelijk|"
    r"per omgaande|deadline|uiterlijk)\b",
    r"\bnu\b[^.?!]{0,15}\b(?:nodig|geholpen|hulp|iemand|meteen|direct|opgelost)|"
    r"\b(?:hulp|iemand) nodig\b|\bnu\s*!",
    r"\b(?:lekkage|lekt|lekken|lek)\b|\bdruppelt|\bwateroverlast",
    r"\b(?:vervalt|verloopt|verlopen)\b[^.?!]{0,30}\b(?:morgen|vandaag|deze week|overmorgen)",
)

SWEARING = _compile(
    r"\b(?:kut\w*|klote\w*|godverdomme|godver|verdomme|tering\w*|kanker\w*|tyfus\w*|"
    r"shit|fuck\w*|wtf|bullshit|kolere|sukkels?|idioten|idioot|oplichters?|boeven|dieven|"
    r"zakkenwassers?|prutsers?|klojo)\b",
)
ANGER = _compile(
    r"\b(?:belachelijk|schandalig|schande|waardeloos|waardeloze|bagger|onacceptabel|"
    r"onbeschoft|woedend|boos|kwaad|pissig|witheet|razend|furieus|geirriteerd|ergernis|"
    r"ergerlijk|bespottelijk|absurd|bizar|woest|flauwekul|diefstal|oplichting|onbetrouwbaar|"
    r"te gek voor woorden|te triest voor woorden)\b",
    r"\b(?:ben|zijn|word|worden)\b[^.?!]{0,10}\b(?:het )?(?:zat|spuugzat|beu|meer dan zat)\b",
    r"\b(?:klaar mee|ik pik dit niet|pik het niet|ik accepteer dit niet|nu is het genoeg|"
    r"hoe (?:is het )?mogelijk|wat een (?:bende|zooitje|puinhoop|klantvriendelijkheid)|"
    r"dit slaat nergens op|dit kan (?:echt )?niet|dit kan toch niet|wat is dit voor|"
    r"word (?:er|hier|hier echt) gek van|ik kan niet meer|er gebeurt niks|er gebeurt niets|"
    r"stop met)\b",
    r"\b(?:ik ga naar de (?:ombudsman|rechter|krant|media)|ik stap naar|advocaat)\b",
)
WORRY = _compile(
    r"\b(?:bezorgd|ongerust|zorgen|bang|angstig|angst|paniek|zenuwachtig|gestrest|stress|"
    r"wanhopig|radeloos|slaap er niet van|slaap er niet meer van|slaap niet meer|"
    r"lig er wakker van|in de war)\b",
    r"\b(?:ik weet (?:het )?niet meer|weet niet wat ik moet|wat moet ik nu|help\s*!|"
    r"help me|helpen aub|alsjeblieft help|ik ben ten einde raad|hoe moet dat nu|"
    r"weet niet waar ik moet beginnen)\b",
)
SADNESS = _compile(
    r"\b(?:verdriet|verdrietig|huil|huilen|moeilijke tijd|zware tijd|eenzaam|"
    r"kapot van|gebroken|rouw|mis hem|mis haar|gemis)\b",
)
POSITIVE = _compile(
    r"\b(?:dank|bedankt|dankjewel|dankuwel|top|topper|fijn|geweldig|super|tevreden|"
    r"blij|prima geholpen|goed geholpen|snel geholpen|compliment|complimenten|"
    r"chapeau|perfect)\b|:\)|:-\)|😊|👍",
)
_COUNT = r"(?:\d+|twee|drie|vier|vijf|zes|zeven|acht|tien|meerdere|vaak|zo vaak|diverse|talloze)"
_NTH = r"(?:\d+e|\d+ste|tweede|derde|vierde|vijfde|zesde|zoveelste|honderdste)"
# contacted more than once before: enough for escalation together with anger or no answer
REPEAT_STRONG = _compile(
    r"\b" + _NTH + r" (?:keer|maal|week|mail|melding)\b|\bzoveelste\b",
    r"\b(?:al|nu al|nu|inmiddels|reeds|heb)\b[^.?!]{0,15}?\b" + _COUNT + r"\s?(?:x|keer|keren|"
    r"maal|mails|e-mails|brieven|telefoontjes|klachten)\b",
    r"\b" + _COUNT + r" keer (?:niet|gebeld|gemaild|gemeld|geklaagd|aangevraagd|doorgegeven)\b",
    r"\bhoe vaak (?:moet|moeten|heb) (?:ik|we)\b|\bkeer op keer\b|\b(?:iedere|elke) (?:keer|"
    r"ochtend|dag|week)\b|\bsteeds (?:weer|opnieuw)\b|\bal (?:weken|maanden|een half jaar|"
    r"een jaar)\b",
    r"\b(?:iedereen|elke medewerker|iedere medewerker|iedere keer|overal)\b[^.?!]{0,25}\b(?:wat "
    r"anders|iets anders|ander(?:e)? (?:verhaal|antwoord))\b|\bkastje naar de muur\b|"
    r"\bin rondjes\b|\bverwijst naar\b[^.?!]{0,30}\bnaar\b",
    r"\baan het bellen en mailen\b|\bweek op rij\b|\bkeer deze (?:week|maand)\b",
)
REPEAT = _compile(
    r"\balweer\b|\bal weer\b|\bweer\b|\bopnieuw\b|\bnog steeds\b|\bnog altijd\b|"
    r"\bnog immer\b",
    r"\bal (?:dagen|\d+ (?:weken|maanden|dagen))\b",
    r"\b(?:eerder|vorige week|vorige maand|vorig jaar|al eens|al vaker)"
    r"\b[^.?!]{0,20}\b(?:gebeld|gemaild|gemeld|gevraagd|geschreven|contact|aangegeven|"
    r"doorgegeven|geklaagd)\b",
    r"\bbeloofd\b|\bbelofte\b|\btoegezegd\b|\bbeloven\b",
)
NO_ANSWER = _compile(
    r"\b(?:niemand|nooit|geen|nergens)\b[^.?!]{0,25}\b(?:reageert|reactie|doet er|terug(?:gebeld|gehoord)?|"
    r"antwoord|geholpen|opgelost|belt|gebeld|helpt|gehoord|lost)\b|\bnooit\b",
    r"\balleen (?:maar )?standaard|\bstandaardmails?\b|\bwordt (?:niks|niets) gedaan\b",
)

# What makes a case exceptional: one of these is common, two at once rarely fit a standard answer
COMPLICATIONS = {
    "vertegenwoordiging": _compile(
        r"\b(?:bewindvoerder|bewind|curatele|curator|mentor|mentorschap|voogd|gevolmachtigde)\b"
    ),
    "scheiding": _compile(
        r"\b(?:scheiden|scheiding|gescheiden|uit elkaar|mijn ex|zijn ex|haar ex|co-ouderschap)\b"
    ),
    "nalatenschap": _compile(
        r"\b(?:erfenis|erfgenaam|erfgenamen|nalatenschap|executeur|erf|erven|geerfd)\b"
    ),
    "buitenland": _compile(
        r"\b(?:buitenland|emigreer|emigreren|emigratie|grensarbeider|buitenlandse|duitsland|belgie|spanje|"
        r"portugal|frankrijk|canada|polen|turkije|marokko|suriname|duitse|belgische)\b"
    ),
    "onderneming": _compile(
        r"\b(?:failliet|faillissement|bv|eenmanszaak|mijn bedrijf|ondernemer|boekhouder|"
        r"tuinderij|vve|verhuur|verhuurder|arbeidsmigranten)\b"
    ),
    "meerdere partijen": _compile(
        r"\b(?:wijzen naar elkaar|van het kastje naar de muur|zeggen allemaal|oneens|botsen|"
        r"verzekeraar|verzekering|aannemer|ggd|politie|werkgever|werkgevers|provincie|"
        r"waterschap|zorginstelling|verpleeghuis|contactverbod|naheffing|naheffingen|"
        r"toeslagenaffaire|gedupeerd|adresonderzoek|dementie|beperking|bezwaar|"
        r"wie betaalt|wie regelt wat)\b"
    ),
}


def text_normalise(text: str) -> str:
    """Lower case, accents stripped, only letters/digits/basic punctuation, repeats collapsed,
    and long words within one typo of a signal word corrected."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = folded.replace("’", "'").replace("‘", "'")
    folded = re.sub(r"[^a-z0-9'.,!?:;\-\s]", " ", folded)
    folded = re.sub(r"([a-z])\1{2,}", r"\1\1", folded)  # "heeeeel" → "heel"
    folded = re.sub(r"([!?.])\1+", r"\1", folded)
    words = [_fuzzy_word(word) for word in folded.split()]
    return " ".join(words)


@lru_cache(maxsize=65536)
def _fuzzy_word(word: str) -> str:
    core = word.strip("'.,!?:;-")
    if len(core) < 7 or core in _FUZZY_SET:
        return word
    found = process.extractOne(core, _FUZZY_WORDS, scorer=OSA.distance, score_cutoff=1)
    if found is None:
        return word
    return word.replace(core, found[0])


_FUZZY_SET = frozenset(_FUZZY_WORDS)


def _shouting(text: str) -> tuple[bool, int]:
    """Whether the message shouts (mostly capitals, or two loud words), and its loud words."""
    letters = [char for char in text if char.isalpha()]
    capitals = sum(1 for char in letters if char.isupper())
    loud = [word for word in re.findall(r"\b[A-Z]{4,}\b", text) if word not in _ACRONYMS]
    if len(letters) >= 12 and capitals / len(letters) >= 0.6:
        return True, len(loud)
    return len(loud) >= 2, len(loud)


# capitals that are names, not shouting
_ACRONYMS = frozenset(
    {"WOZ", "OZB", "BTW", "OV", "DIGID", "BSN", "KVK", "IBAN", "NS", "RET", "GVB", "HTM", "ID"}
    | {"AOW", "WW", "WMO", "CJIB", "RDW", "SMS", "PDF", "URL", "OK", "NL", "ZZP", "BV", "LED"}
)


def _found(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(0).strip() if match else ""


def _emotion(
    raw: str, normalised: str, sensitivity: list[str], evidence: list[tuple[str, str]]
) -> tuple[str, bool, bool]:
    """The strongest emotion, whether the message shouts, and whether it stresses (!!, ??)."""
    shouting, loud_words = _shouting(raw)
    emphasis = bool(re.search(r"[!?]\s*[!?]", raw)) or raw.count("!") >= 3
    scores = {"angry": 0.0, "sad": 0.0, "worried": 0.0, "positive": 0.0}
    for emotion, pattern, weight in (
        ("angry", SWEARING, 2.0),
        ("angry", ANGER, 1.0),
        ("sad", SADNESS, 1.0),
        ("worried", WORRY, 1.0),
        ("positive", POSITIVE, 1.0),
    ):
        found = _found(pattern, normalised)
        if found:
            scores[emotion] += weight
            evidence.append((EMOTION_LABELS[emotion], found))
    scores["angry"] += 2.0 if "threat" in sensitivity else 0.0
    scores["sad"] += 1.0 if "bereavement" in sensitivity else 0.0
    if shouting or loud_words:
        scores["angry"] += 1.5 if shouting else 0.5
        evidence.append(("boos" if shouting else "nadruk", "HOOFDLETTERS"))
    if emphasis and scores["positive"] == 0:
        scores["angry"] += 1.0 if "!" in raw else 0.5
        evidence.append(("nadruk", "!!!" if "!" in raw else "??"))
    if scores["angry"] > 0 or scores["sad"] > 0 or scores["worried"] > 0:
        scores["positive"] = 0.0  # "bedankt voor niets"
    best = max(scores, key=lambda key: scores[key])
    if scores[best] < 1.0:
        return "neutral", shouting, emphasis
    return best, shouting, emphasis


def _urgency(normalised: str, sensitivity: tuple[str, ...], evidence: list) -> str:
    spoed = _found(SPOED, normalised)
    if spoed or "health_safety" in sensitivity or "threat" in sensitivity:
        evidence.append(("spoed", spoed or "veiligheid"))
        return "spoed"
    hoog = _found(HOOG, normalised)
    if hoog:
        evidence.append(("haast", hoog))
        return "hoog"
    return "normaal"


def signals_detect(text: str) -> Signals:
    """All rule signals of one message; see the module docstring."""
    normalised = text_normalise(text)
    evidence: list[tuple[str, str]] = []
    person = _found(WANTS_PERSON, normalised)
    if person:
        evidence.append(("wil een mens", person))
    sensitivity = []
    for category, pattern in (
        ("bereavement", BEREAVEMENT),
        ("health_safety", HEALTH_SAFETY),
        ("financial_distress", FINANCIAL_DISTRESS),
        ("threat", THREAT),
    ):
        found = _found(pattern, normalised)
        if found:
            sensitivity.append(category)
            evidence.append((SENSITIVITY_LABELS[category], found))
    acute = _found(ACUTE_DISTRESS, normalised)
    if acute and "financial_distress" not in sensitivity:
        sensitivity.append("financial_distress")
    often = _found(REPEAT_STRONG, normalised)
    repeat = often or _found(REPEAT, normalised)
    if repeat:
        evidence.append(("herhaald contact", repeat))
    unanswered = _found(NO_ANSWER, normalised)
    emotion, shouting, emphasis = _emotion(text, normalised, sensitivity, evidence)
    urgency = _urgency(normalised, tuple(sensitivity), evidence)
    distressed = emotion in ("angry", "worried", "sad")
    complications = tuple(
        name for name, pattern in COMPLICATIONS.items() if pattern.search(normalised)
    )
    return Signals(
        wants_person=bool(person),
        sensitivity=tuple(s for s in SENSITIVITIES if s in sensitivity),
        urgency=urgency,
        emotion=emotion,
        repeat_contact=bool(repeat),
        shouting=shouting,
        acute_distress=bool(acute),
        distress_after_repeat=bool(
            (often and (distressed or unanswered or emphasis)) or (repeat and distressed)
        ),
        complications=complications,
        evidence=tuple(evidence),
    )
