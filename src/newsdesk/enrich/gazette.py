"""Small cue-word lists for the rule-based entity fallback (no gazetteer of names).

Only generic cues live here: honorifics, organisation/place suffixes, countries and
common given names. They tell the *kind* of a capitalised phrase; they never decide
*whether* a phrase is an entity.
"""

from __future__ import annotations

from pathlib import Path

HONORIFICS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady president vice-president pm minister secretary senator sen
    rep representative gov governor mayor judge justice chancellor king queen prince princess pope general gen
    col colonel lt captain capt sgt sergeant admiral adm commander chief ceo chairman chairwoman chair director
    coach manager ambassador officer inspector detective rev reverend father sheikh emir premier spokesman
    spokeswoman spokesperson leader speaker deputy commissioner superintendent st saint""".split()
)

ORG_CUES = frozenset(
    """inc inc. corp corp. corporation ltd ltd. llc plc co co. company companies group holdings bank ministry
    department university college school institute institution foundation association council committee
    commission agency authority board bureau court party parliament congress senate assembly union league
    federation club fc united airlines airways motors technologies systems partners capital fund trust times
    post journal news press network media organisation organization office service services police army navy
    force forces guard reserve exchange hospital church society centre center museum team squad house
    wire tribune herald gazette chronicle courier dispatch radio television tv broadcasting""".split()
)

PLACE_CUES = frozenset(
    """city county province state region district street road avenue square river lake mountain mount island
    islands bay gulf sea ocean valley coast beach airport station village town""".split()
)

#: Prepositions that, right before a capitalised phrase, suggest a place ("in Caracas", "from Lagos").
PLACE_PREPS = frozenset("in at from near across outside inside throughout to into".split())

COUNTRIES = frozenset(
    """afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain
    bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burkina
    burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia czech
    denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia
    georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia
    iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos
    latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives
    mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique
    myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama
    paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles
    singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania
    thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela
    vietnam yemen zambia zimbabwe europe africa asia america antarctica oceania gaza kashmir crimea scotland
    england wales britain hong kong""".split()
) | frozenset(
    {"united states", "united kingdom", "south africa", "south korea", "north korea", "new zealand",
     "saudi arabia", "sri lanka", "united arab emirates", "costa rica", "el salvador", "ivory coast",
     "hong kong", "west bank", "great britain", "latin america", "middle east", "south sudan",
     "dominican republic", "czech republic", "papua new guinea", "sierra leone", "puerto rico",
     "us", "u.s", "u.s.", "usa", "uk", "u.k", "u.k.", "uae", "eu"}
)

#: Common given names (a few hundred, several cultures): a phrase starting with one is a person, and
#: a lone word that is one too (the longer census list below counts only before a surname).
OWN_GIVEN_NAMES = frozenset(
    """aaron abdul abdullah abraham adam adrian ahmed aisha alan albert alex alexander alexandra alexei ali alice
    alicia amanda amy ana andrea andrew andy angela angelina anna anne anthony antonio arjun arthur ashley barack
    barbara ben benjamin bernie beth betty bill billy bob boris brad brandon brian bruce carl carlos carol
    caroline catherine charles charlie chris christian christina christine christopher claire claudia craig
    dan daniel danielle david deborah dennis diana diego dmitry donald donna doug dylan edward elena elizabeth
    ellen emily emma emmanuel eric erik fatima felipe fernando francis francisco frank gary george gina giorgia
    gordon grace greg hannah harry heather helen henry hillary hugo ian isabel jack jacob james jamie jane janet
    jason javier jean jeff jennifer jeremy jessica jim joe joel john johnny jonathan jordan jorge jose joseph
    joshua juan julia julie justin kamala karen kate katherine keir keith kelly kevin kim kyle laura lauren
    lee leo linda lisa liz louis lucy luis luke maria mariana marie mark martin mary matt matthew megan
    melania melissa michael michelle mike mohammed muhammad mohammad nancy narendra natalia nathan neil nicholas
    nick nicola nicolas olaf oliver olivia omar pablo pamela patricia patrick paul pedro peter philip pierre
    rachel rahul raj rajesh ralph ramon rebecca richard rishi robert roberto robin ron ronald rosa ruth ryan
    sam samuel sandra sarah scott sean sergei sergey shane sharon shinzo simon sophie stephen steve steven
    susan thomas tim timothy tom tony tyler victor victoria vijay vladimir volodymyr walter wang william xi
    yusuf zhang""".split()
)

#: Words that look like names at a sentence start but are not ("Monday", "Officials", ...).
NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow breaking live update watch exclusive
    analysis opinion editorial photos video""".split()
)

#: National capitals and a few very large cities: a lone capitalised word that names one is a place
#: ("Caracas, however, ..." at a sentence start), and a bare "Washington" is the city, not a person.
CITIES = frozenset(
    """abuja accra addis ababa algiers amman amsterdam ankara antananarivo apia ashgabat asmara astana asuncion
    athens baghdad baku bamako bangkok bangui banjul beijing beirut belgrade berlin bern bishkek bogota brasilia
    bratislava brazzaville brussels bucharest budapest cairo canberra caracas chisinau colombo conakry copenhagen
    dakar damascus dhaka dili djibouti doha dodoma dublin dushanbe freetown gaborone georgetown guatemala hanoi
    harare havana helsinki honiara islamabad jakarta jerusalem juba kabul kampala kathmandu khartoum kigali kinshasa
    kyiv kiev libreville lilongwe lima lisbon ljubljana lome london luanda lusaka luxembourg madrid majuro malabo
    male managua manama manila maputo maseru mbabane mexico minsk mogadishu monaco monrovia montevideo moroni
    moscow muscat nairobi nassau naypyidaw ndjamena niamey nicosia nouakchott nukualofa oslo ottawa ouagadougou
    palikir panama paramaribo paris phnom penh podgorica port-au-prince porto-novo prague praia pretoria pristina
    pyongyang quito rabat reykjavik riga riyadh rome roseau san santiago sarajevo seoul singapore skopje sofia
    stockholm sucre suva taipei tallinn tarawa tashkent tbilisi tegucigalpa tehran thimphu tirana tokyo tripoli
    tunis ulaanbaatar vaduz valletta vienna vientiane vilnius warsaw washington wellington windhoek yaounde
    yerevan zagreb mumbai delhi kolkata chennai bangalore bengaluru karachi lahore shanghai shenzhen guangzhou
    hong istanbul lagos kinshasa johannesburg sydney melbourne toronto montreal vancouver chicago houston
    boston miami dallas atlanta seattle detroit philadelphia phoenix manchester birmingham glasgow edinburgh
    barcelona milan munich frankfurt hamburg marseille lyon naples osaka kyoto dubai gaza kharkiv odesa""".split()
)

#: Regions a lone word can name ("the Caribbean", "across the Americas").
REGIONS = frozenset(
    """caribbean americas mediterranean balkans baltics sahel maghreb caucasus scandinavia siberia patagonia
    arctic antarctic pacific atlantic himalayas amazon andes alps levant""".split()
)

#: Roles written before a name like a title ("Singer Faisal Achterberg", "coach Bruce Boudreau").
ROLES = frozenset(
    """singer actor actress rapper star striker defender midfielder goalkeeper quarterback pitcher author
    writer novelist journalist reporter columnist artist designer businessman businesswoman billionaire
    entrepreneur lawyer attorney professor doctor nurse player comedian presenter host chef model pastor
    activist envoy producer director filmmaker musician guitarist drummer boxer wrestler swimmer sprinter
    analyst economist scientist researcher founder co-founder owner promoter organiser organizer campaigner
    broadcaster poet painter photographer sculptor composer conductor dancer athlete runner cyclist golfer
    footballer cricketer""".split()
)

#: Words after a name that make it an organisation ("the Tren de Aragua drug cartel", ", a gang").
ORG_FOLLOW = frozenset(
    """gang gangs cartel cartels group militia syndicate network movement faction organisation organization
    company firm party coalition alliance brand label band""".split()
)


def _census_given_names() -> frozenset[str]:
    """The 1990 US Census first names (``given_names.txt``, see ``benchmarks/make_given_names.py``)."""
    path = Path(__file__).with_name("given_names.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


#: Given names: the census lists and the names above, less ordinary words the tagger reads otherwise
#: ("May", "Will", "King", "Star", "Miss": months, stop words, titles and cue words).
GIVEN_NAMES = ((OWN_GIVEN_NAMES | _census_given_names()) - NOT_NAMES - HONORIFICS - ORG_CUES - PLACE_CUES
               - frozenset("an don else in many my see so will star".split()))

#: The last word of a name that makes it an organisation ("Tyson Foods", "Human Rights Watch", "the
#: Progressive Alliance"): what a company makes or does, and what kind of body a group is. Common
#: nouns, not names: a person is not called "Foods" or "Alliance". Written from how companies and
#: bodies are named in general (sectors, legal and club forms), not from any test corpus.
ORG_HEADS = frozenset(
    """foods food steel shipping airways energy oil gas petroleum mining minerals metals automotive pharmaceuticals
    pharma therapeutics biotech labs laboratories insurance assurance mutual securities investments ventures
    finance financial lending credit logistics freight transport railways telecom telecoms communications
    software semiconductor semiconductors electronics chemicals industries manufacturing engineering construction
    builders properties realty developments resources textiles apparel brands beverages brewing brewery
    breweries farms dairy retail stores supermarkets studios pictures records publishing publishers entertainment
    gaming solutions consulting analytics research dynamics robotics aerospace defence defense healthcare
    hotels resorts cruises cinemas semiconductor utilities power electric enterprises
    alliance coalition forum front movement observatory laboratory academy conservatory watch initiative
    fellowship brotherhood caucus bloc lobby guild consortium syndicate cooperative collective
    circuit confederation chamber tribunal secretariat directorate inspectorate regiment brigade battalion corps
    rovers rangers wanderers harriers athletic albion hotspur dynamo
    ledger observer guardian telegraph mirror express standard examiner inquirer sentinel monitor review bulletin
    digest""".split()
)

#: Places of several words that no cue word marks ("New York", "South Dakota", "Los Angeles").
PLACES_MULTI = frozenset(
    {"new york", "new jersey", "new delhi", "new orleans", "new mexico", "new hampshire", "new south wales",
     "north dakota", "south dakota", "north carolina", "south carolina", "west virginia", "rhode island",
     "los angeles", "san francisco", "las vegas", "rio de janeiro", "buenos aires", "kuala lumpur", "tel aviv",
     "abu dhabi", "mexico city", "sao paulo", "cape town", "hong kong", "st petersburg", "saint petersburg"}
)

#: The last word of a name that makes it an event ("Cannes Film Festival", "Academy Awards"): not a person.
EVENT_HEADS = frozenset(
    """festival awards games championship championships olympics cup summit conference expo marathon tournament
    prix biennale""".split()
)

#: The last word of a name that makes it a building or venue (spaCy's FAC, read as a place).
VENUE_HEADS = frozenset(
    """arena stadium theatre theater gallery library prison cathedral palace tower bridge airport hall
    auditorium cemetery mosque temple synagogue""".split()
)

#: First words of a place name ("Port Harcourt", "Lake Geneva", "San Diego").
PLACE_LEADS = frozenset("port fort mount lake cape san santa sao puerto las los gulf strait isle bay".split())

#: Last words of a place name besides ``PLACE_CUES`` ("Niagara Falls", "Palm Springs").
PLACE_TAILS = frozenset("falls point heights springs harbour harbor hills creek canyon peninsula heath strip".split())

#: Compass words that make "<compass> <country or region>" a place ("Southern Caribbean").
COMPASS = frozenset("north south east west northern southern eastern western central upper lower greater".split())

#: Words before "of/at/for/in (the)" that make the following name an organisation ("members of the
#: Civic Union", "an analyst at Granholm Securities", "shares in Castel Foods").
ORG_RELATIONS = frozenset(
    """members member board shares stock shareholders stake analyst analysts economist researchers researcher
    employees staff workers executive executives officer officers director directors chairman chairwoman chair
    spokesperson spokesman spokeswoman founder ceo subsidiary unit division customers clients owner owners""".split()
)

#: Words after a possessive that make the owner an organisation ("Castel Foods's shares").
ORG_POSSESSED = frozenset(
    """shares stock board shareholders investors customers subsidiary headquarters ceo executives employees
    workforce products profits revenue revenues earnings valuation factories stores manifesto""".split()
)

#: Words after a possessive that make the owner a country or region ("Pelagos's parliament"): what only a
#: country or region has (not its government, army or economy, which a leader "has" as often).
PLACE_POSSESSED = frozenset("parliament legislature constitution coastline capital currency".split())
