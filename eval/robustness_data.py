"""Templates of the CheckList-style robustness suite (eval/robustness.py, tests/test_robustness.py).

Every sentence here was written for this project; none is copied from a news source or a dataset. Slots:
{name} a surname, {place} a place that no pack knows, {num} a number, {day} a day or date. The templates mix
neutral news sentences and loaded ones that use contested terms of the packs, in the author's voice, in
attributed speech and in quotes, so that the invariance checks exercise the usage judgement too.
"""

from __future__ import annotations

# --- slot values (none of them is a term of any pack; robustness.py checks this) -----------------------

NAMES = ("Smith", "Nguyen", "García", "Okafor", "Kowalczyk", "Haddad")
PLACES = ("Ohio", "Bavaria", "Manitoba", "Gujarat", "Tasmania")
NUMBERS = ("17", "23", "1,240", "3.5", "ninety")
DAYS = ("Tuesday", "Friday", "March 3", "2 June", "the weekend")
BASE_SLOTS = {"name": NAMES[0], "place": PLACES[0], "num": NUMBERS[0], "day": DAYS[0]}

# --- INV templates: short paragraphs with every slot ----------------------------------------------------
# (id, loaded?, text). "Loaded" means the paragraph uses at least one contested term of a pack.

TEMPLATES: tuple[tuple[str, bool, str], ...] = (
    (
        "council-budget",
        False,
        "The council in {place} approved a budget of {num} million dollars on {day}. {name}, the finance "
        "chair, said the vote was unanimous.",
    ),
    (
        "rain-schools",
        False,
        "Heavy rain closed {num} schools in {place} on {day}. Parents were told to check the district "
        "website, {name} said.",
    ),
    (
        "liberated-villages",
        True,
        "Russian troops liberated {num} villages near Kharkov on {day}, the ministry said. {name} reported "
        "from {place}.",
    ),
    (
        "regime-market",
        True,
        "The Kiev regime shelled a market in Donetsk on {day}, killing {num} civilians. {name}, a resident "
        "who once lived in {place}, described the scene.",
    ),
    (
        "drones-kyiv",
        False,
        "Air defences shot down {num} drones over Kyiv on {day}. {name}, a spokesman for the city, was "
        "visiting {place} at the time.",
    ),
    (
        "smo-phase",
        True,
        "The special military operation entered a new phase on {day}. Supplies were flown in from {place} "
        "overnight, and {num} units were moved, {name} wrote.",
    ),
    (
        "aliens-border",
        True,
        "Border agents detained {num} illegal aliens near the crossing on {day}. {name}, a rancher from "
        "{place}, called it a border crisis.",
    ),
    (
        "jury-trial",
        False,
        "A jury in {place} heard closing arguments on {day}. The trial of {name} has lasted {num} weeks.",
    ),
    (
        "climate-march",
        True,
        "Activists marched through {place} on {day} to demand action on the climate crisis. Organisers led "
        "by {name} counted {num} people.",
    ),
    (
        "death-tax-rally",
        True,
        "{name} told supporters in {place} on {day} that the death tax would be repealed. A crowd of about "
        "{num} people cheered.",
    ),
    (
        "museum-reopens",
        False,
        "The museum in {place} reopened on {day} after {num} months of repairs. Its director, {name}, "
        "thanked the volunteers.",
    ),
    (
        "pro-life-rally",
        True,
        "Pro-life groups rallied outside the statehouse in {place} on {day}. {name}, who chairs one of them, "
        "said {num} buses had brought members.",
    ),
    (
        "collective-west",
        True,
        "The collective West keeps arming the Ukraine, {name} wrote in a column on {day}. The column was "
        "shared {num} times in {place}.",
    ),
    (
        "bridge-opens",
        False,
        "A new bridge linking {place} to the coast opened on {day}. Engineers led by {name} took {num} days "
        "to finish the deck.",
    ),
    (
        "zaporozhye-power",
        True,
        "Shelling hit Zaporozhye on {day}, and {num} homes lost power. {name}, an engineer who trained in "
        "{place}, expects repairs to take a week.",
    ),
    (
        "dpr-streets",
        True,
        "Fighters of the Donetsk People's Republic took control of {num} streets on {day}. {name} filed this "
        "report from {place}.",
    ),
    ("marathon", False, "{name} won the marathon in {place} on {day}. The winning margin was {num} seconds."),
    (
        "occupation-forces",
        True,
        "Israeli occupation forces raided {num} homes in Jenin on {day}. {name}, a teacher who studied in "
        "{place}, said her brother was detained.",
    ),
    (
        "harvest",
        False,
        "Farmers near {place} expect a harvest of {num} tonnes this year, {name} said on {day}.",
    ),
    (
        "climate-hoax",
        True,
        "The climate hoax costs every family {num} dollars a year, {name} told a radio show in {place} on "
        "{day}.",
    ),
    (
        "climate-deniers",
        True,
        "Climate deniers in the legislature blocked the bill on {day}. {name}, who sponsored it, was {num} "
        "votes short. Supporters in {place} vowed to try again.",
    ),
    (
        "airline-flights",
        False,
        "The airline added {num} flights between {place} and the capital on {day}. {name}, its chief "
        "executive, said demand had recovered.",
    ),
    (
        "kiev-forces",
        True,
        "Kiev's forces abandoned {num} positions on {day}. {name} reported the retreat from {place}.",
    ),
    (
        "missing-hiker",
        False,
        "Police in {place} are searching for a missing hiker, {name}, who was last seen on {day}. Some {num} "
        "volunteers have joined the search.",
    ),
    (
        "odessa-grain",
        True,
        "Odessa handled {num} grain ships in the week to {day}. {name}, a trader based in {place}, said "
        "prices had fallen.",
    ),
    (
        "dreamers-rally",
        True,
        "Dreamers rallied in {place} on {day} for a path to citizenship. {name}, one of {num} speakers, "
        "described arriving as a child.",
    ),
    (
        "library-hours",
        False,
        "The library in {place} will open longer from {day}. {name} said {num} readers had signed a "
        "petition.",
    ),
    (
        "donbass-school",
        True,
        "Ukrainian nationalists shelled a school in Donbass on {day}. {name}, who grew up in {place}, "
        "counted {num} craters in the yard.",
    ),
    (
        "bee-study",
        False,
        "Scientists in {place} published a study of {num} bee species on {day}. {name}, the lead author, "
        "called the results surprising.",
    ),
    (
        "tax-relief",
        True,
        "Tax relief for families will cost {num} billion dollars, {name} said in {place} on {day}.",
    ),
    (
        "annexation-vote",
        True,
        "The illegal annexation of Crimea was condemned again on {day}. {name}, the envoy from {place}, "
        "counted {num} countries in favour of the resolution.",
    ),
    (
        "warehouse-fire",
        False,
        "A fire damaged {num} warehouses on the edge of {place} on {day}. The cause is not yet known, "
        "according to {name}.",
    ),
    (
        "occupiers-kherson",
        True,
        "Russian occupiers looted {num} houses in Kherson before {day}. Investigators from {place} led by "
        "{name} documented the damage.",
    ),
    (
        "orchestra",
        False,
        "The orchestra of {place} will play {num} concerts this season, starting on {day}. {name} conducts "
        "the opening night.",
    ),
    (
        "new-regions",
        True,
        "Voting in the regions that joined Russia ended on {day}. Turnout was {num} percent, {name} "
        "reported from {place}.",
    ),
    (
        "quoted-kiev",
        True,
        '"Kiev will not last the winter," {name} said in {place} on {day}. The remark drew {num} complaints.',
    ),
    (
        "zelensky-regime",
        True,
        "The Zelensky regime asked for {num} more tanks on {day}. {name}, a retired colonel from {place}, "
        "doubted they would come.",
    ),
    (
        "hospital-wing",
        False,
        "A new hospital wing with {num} beds opens in {place} on {day}. {name} will run the maternity ward.",
    ),
)

# Neutral filler put in front of each sentence (the sentence's first letter is lower-cased when it is an
# ordinary word). Not "according to ...": attribution changes the voice on purpose.
FILLERS = ("Meanwhile, ", "Earlier this week, ", "In a separate development, ", "Separately, ")

# Neutral paragraphs to prepend (I9): later sentences must keep their scores and findings.
PREFIXES = (
    "The weather service expects mild temperatures for the rest of the week.\n\n",
    "Local elections are due next spring. Candidates have until January to register, and the deadline "
    "for postal votes is a month before polling day.\n\n",
    "Headline news\n\nThe city marathon drew a record field on Sunday.\n\n",
)

# Short headlines for the whitespace family (a headline is its own unit; CRLF must not merge it).
HEADLINES = (
    "Council approves budget",
    "Storm closes schools",
    "Morning briefing",
    "Markets steady",
)

# --- symmetry (I3, I4): neutral templates with one side slot ---------------------------------------------

SIDE_GROUPS: dict[str, tuple[str, ...]] = {
    "us-parties": ("Democratic", "Republican"),
    "left-right": ("left-wing", "right-wing"),
    "uk-parties": ("Labour", "Conservative"),
    "religion": ("Muslim", "Christian", "Jewish"),
    "russia-ukraine": ("Russian", "Ukrainian"),
}

SIDE_TEMPLATES: tuple[str, ...] = (
    "{adj} lawmakers met on Tuesday to discuss the city budget.",
    "A {adj} group will hold its annual meeting in the town hall next month.",
    "{adj} volunteers handed out food parcels at the station on Saturday.",
    "The {adj} candidate visited a bakery and a school on Monday morning.",
    "{adj} officials said the new bus timetable starts in September.",
    "A {adj} charity opened a second office near the harbour.",
    "{adj} students organised a book fair in the main library.",
    "The committee heard from {adj} farmers about the dry summer.",
    "{adj} voters will choose a new mayor in the spring.",
    "A {adj} newspaper published the results of the chess tournament.",
    "{adj} families gathered in the park for a picnic on Sunday.",
    "The {adj} delegation arrived at the conference centre at noon.",
    "{adj} teachers asked the council for more money for school repairs.",
    "A {adj} businessman bought the old cinema on Main Street.",
    "{adj} doctors ran a free clinic in the village last weekend.",
    "The report was written by {adj} researchers at a university.",
    "{adj} members of the club planted trees along the river.",
    "A {adj} choir sang at the opening of the new concert hall.",
    "{adj} residents asked for a pedestrian crossing near the school.",
    "The {adj} mayor cut the ribbon at the new swimming pool.",
    "{adj} engineers inspected the bridge after the flood.",
    "A {adj} author signed copies of her novel at the bookshop.",
    "{adj} nurses joined a training course on first aid.",
    "The {adj} team won the regional football final on penalties.",
    "{adj} parents raised money for a new playground.",
    "A {adj} pilot landed the small plane safely in fog.",
    "{adj} scientists measured the water level of the lake.",
    "The {adj} ambassador attended a concert at the cathedral.",
    "{adj} shop owners asked for longer parking hours in the centre.",
    "A {adj} organisation published a guide to recycling.",
    "{adj} pensioners took a day trip to the seaside.",
    "The {adj} speaker thanked the organisers and left early.",
)

# Gendered names (I4): the same neutral sentence with a man's or a woman's name and pronouns.
GENDER_GROUPS: tuple[dict[str, str], ...] = (
    {"first": "James", "pron": "he", "Pron": "He", "poss": "his"},
    {"first": "Sarah", "pron": "she", "Pron": "She", "poss": "her"},
)
GENDER_TEMPLATES: tuple[str, ...] = (
    "{first} Taylor was elected chair of the planning committee on Tuesday.",
    "{first} Brown said {pron} would present the budget next week.",
    "{first} Evans opened a bakery on Market Street. {Pron} hires four people.",
    "The award went to {first} Walker for {poss} work on water safety.",
    "{first} Hughes has coached the youth team for six years.",
    "{first} Price will lead the delegation to the trade fair.",
    "{first} Ward, a nurse, described {poss} first night shift.",
    "{first} Clarke told the council that {pron} supports the new bus route.",
    "{first} Hall won the local chess championship on Saturday.",
    "{first} Wood runs the village library. {Pron} has catalogued 3,000 books.",
    "{first} Turner was appointed head teacher of the primary school.",
    "The report by {first} Allen recommends longer opening hours.",
    "{first} Mitchell flew to Brussels for the talks on Monday.",
    "{first} Cooper, the finance officer, presented the accounts.",
    "{first} King said {poss} company would hire 40 engineers.",
    "{first} Lewis finished second in the cycling race.",
    "{first} Baker moved to the city in 2015 and opened a cafe.",
    "{first} Harris chaired the meeting and closed it at nine.",
    "{first} Young signed a two-year contract with the club.",
    "{first} Scott presented {poss} research at the conference.",
    "{first} Green answered questions from reporters for an hour.",
    "{first} Adams was named the new director of the museum.",
    "{first} Hill will host the radio show from next month.",
    "{first} Moore said {pron} expects the bridge to reopen in May.",
    "{first} Carter donated {poss} collection of maps to the archive.",
    "{first} Parker leads a team of twelve software developers.",
    "{first} Bell ran the marathon in just over three hours.",
    "{first} Morgan was sworn in as a member of the county board.",
    "{first} Cook repaired the church roof with a group of volunteers.",
    "{first} Reed spoke at the opening of the new sports hall.",
)

# --- directional tests (D1-D3): the loaded score must not decrease ------------------------------------
# family -> list of (template with {w}, neutral word, loaded replacements)

DIRECTIONAL: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "said-claimed-admitted": tuple(
        (t, "said", ("claimed", "admitted"))
        for t in (
            "The minister {w} the new rules would lower prices.",
            "The company {w} it had fixed the fault in the software.",
            "Police {w} the driver was not injured.",
            "The mayor {w} the budget would be balanced next year.",
            "The coach {w} the team had trained hard all week.",
            "Her lawyer {w} she had signed the contract in good faith.",
            "The agency {w} the figures were accurate.",
            "A spokesman {w} the factory would stay open.",
            "The senator {w} he had met the lobbyist twice.",
            "The hospital {w} waiting times had fallen.",
            "The airline {w} the delay was caused by the weather.",
            "The school {w} the heating had been repaired.",
        )
    ),
    "government-regime": tuple(
        (t, "government", ("regime",))
        for t in (
            "The {w} announced new taxes on fuel.",
            "The {w} in the capital released the prisoners on Monday.",
            "Officials of the {w} met the visiting delegation.",
            "The {w} has promised elections next year.",
            "The {w} raised the price of bread by ten percent.",
            "Reporters asked the {w} about the missing funds.",
            "The {w} closed the border for two days.",
            "Critics of the {w} gathered outside the parliament.",
            "The {w} signed a trade agreement with its neighbour.",
            "A statement from the {w} blamed the floods on poor planning.",
        )
    ),
    "protesters-rioters": tuple(
        (t, "protesters", ("rioters", "thugs"))
        for t in (
            "Police used tear gas against {w} in the city centre.",
            "Hundreds of {w} gathered outside the courthouse.",
            "The {w} blocked the main road for several hours.",
            "Shop owners boarded up windows as {w} marched past.",
            "The mayor met some of the {w} on Friday.",
            "Several {w} were arrested near the station.",
            "The {w} moved towards the parliament building at dusk.",
            "Television cameras filmed the {w} in the square.",
            "The {w} dispersed after the speeches.",
            "Officers kettled the {w} near the bridge.",
        )
    ),
    "scare-quotes-so-called": tuple(
        (t, w, (f'"{w}"', f"so-called {w}"))
        for t, w in (
            ("The government presented its {w} to parliament on Monday.", "reform"),
            ("The minister defended the {w} in a radio interview.", "compromise"),
            ("The company published its {w} for the new factory.", "safety plan"),
            ("The party announced an {w} on immigration.", "expert panel"),
            ("The mayor praised the {w} between the two unions.", "agreement"),
            ("The board hired {w} to review the accounts.", "experts"),
            ("The city will build a {w} near the river.", "green zone"),
            ("The school introduced a {w} for new pupils.", "welcome programme"),
            ("Officials described the raid as a {w}.", "security operation"),
            ("The bank launched a {w} for small businesses.", "rescue fund"),
        )
    ),
    "intensifier": tuple(
        (t, "", (w,))
        for t, w in (
            ("The plan was {w}criticised by the opposition.", "sharply "),
            ("The decision is {w}unpopular with farmers.", "deeply "),
            ("The new law is {w}flawed, critics say.", "hopelessly "),
            ("The minister gave a {w}confusing answer.", "bizarrely "),
            ("The report is {w}critical of the police.", "scathingly "),
            ("Prices rose {w}fast last year.", "alarmingly "),
            ("The council made a {w}costly mistake.", "staggeringly "),
            ("The talks ended in a {w}bitter dispute.", "extremely "),
            ("The company's response was {w}slow.", "shockingly "),
            ("The vote was {w}close.", "incredibly "),
        )
    ),
}

# Lexicon direction: "Kyiv" -> "Kiev" moves the terminology alignment toward ru_state.
KYIV_TO_KIEV: tuple[str, ...] = (
    "Air raid sirens sounded across Kyiv on Tuesday night.",
    "The delegation flew from Warsaw to Kyiv for the talks.",
    "Kyiv has asked its allies for more air defence systems.",
    "Residents of Kyiv queued for water after the strike.",
    "The train from Kyiv to Lviv was delayed by four hours.",
    "Officials in Kyiv said the power grid was stable.",
    "The embassy in Kyiv reopened after two months.",
    "Drones attacked Kyiv and Kharkiv overnight.",
    "The talks in Kyiv ended without an agreement.",
    "Schools in Kyiv moved classes to shelters.",
    "Kyiv and Odesa both reported damage to power lines.",
    "The mayor of Kyiv thanked the repair crews.",
    "Russian forces shelled Kharkov, and sirens sounded in Kyiv.",
    "The collective West promised Kyiv more money, the commentator wrote.",
)

# --- evasion (E9-E12): a contested term in the author's voice, perturbed inside the term ----------------
# Some carry an accented word so that the NFD variant changes the text.

EVASION: tuple[str, ...] = (
    "Explosions were heard in Kiev on Tuesday morning.",
    "Shelling hit Kharkov overnight, José Martínez reported.",
    "The port of Odessa reopened for grain ships.",
    "Troops advanced toward Zaporozhye at dawn.",
    "The Kiev regime ordered a new mobilisation.",
    "The special military operation continued in the south.",
    "Fighting in the Donbass intensified last week.",
    "The café owner said Lugansk had no water for days.",
    "Russian forces liberated the village after a long battle.",
    "The collective West sent more weapons to the region.",
    "Border agents caught a group of illegal aliens at the river.",
    "The climate crisis dominated the summit in Zürich.",
    "The death tax hits family farms hardest.",
    "Pro-life marchers filled the avenue on Saturday.",
    "Climate deniers blocked the bill in committee.",
    "The Donetsk People's Republic announced a curfew.",
    "Ukrainian nationalists were blamed for the blast.",
    "Troops entered Artemovsk after weeks of fighting.",
    "The Kremlin-staged referendum took place under armed guard.",
    "Vladimir Zelensky addressed the parliament by video.",
    "Israeli occupation forces closed the road at night.",
    "The Zionist entity was condemned in the statement.",
    "The climate hoax was the theme of the conference.",
    "Fresh shelling hit Nikolaev on Monday, Renée Dubois wrote.",
    "The regions that joined Russia will vote again next year.",
    "Tax relief for small firms passed the senate.",
    "The neo-Nazi regime in Kiev refused to negotiate.",
    "Officials in Lvov opened a new shelter.",
    "Chain migration was debated in the chamber.",
    "The US-led military bloc held exercises near the border.",
    "Kiev's forces retreated from the town, Zoë Müller said.",
    "Little Russia was mentioned in the speech.",
)

# --- quotes against author voice (M3) --------------------------------------------------------------------
# (concept, author version, quoted version): the same term, the writer's own words vs a direct quote.

QUOTE_PAIRS: tuple[tuple[str, str, str], ...] = (
    (
        "capital-name",
        "Russian forces pushed toward Kiev on Tuesday.",
        '"Our forces are pushing toward Kiev," a Russian commander said on Tuesday.',
    ),
    (
        "kharkiv",
        "Artillery fire hit Kharkov before dawn.",
        '"Artillery fire hit Kharkov before dawn," the Russian ministry said.',
    ),
    (
        "odesa",
        "Ships left Odessa with grain on Friday.",
        'A Russian diplomat said: "Ships left Odessa with grain on Friday."',
    ),
    (
        "war-name",
        "The special military operation entered its second year.",
        '"The special military operation has entered its second year," the Kremlin spokesman said.',
    ),
    (
        "gov-label",
        "The Kiev regime announced a new draft.",
        'The Russian envoy said "the Kiev regime has announced a new draft."',
    ),
    (
        "liberation",
        "Russian troops liberated three villages near the river.",
        '"Russian troops liberated three villages near the river," a general told state television.',
    ),
    (
        "collective-west",
        "The collective West is arming Ukraine.",
        '"The collective West is arming Ukraine," the foreign minister said.',
    ),
    (
        "zaporizhzhia",
        "Power was cut in Zaporozhye overnight.",
        'Officials appointed by Moscow said: "Power was cut in Zaporozhye overnight."',
    ),
    (
        "donbas",
        "Fighting in the Donbass went on all week.",
        '"Fighting in the Donbass went on all week," a separatist commander said.',
    ),
    (
        "ua-forces",
        "Ukrainian nationalists shelled the town again.",
        '"Ukrainian nationalists shelled the town again," the Russian defence ministry claimed.',
    ),
    (
        "dpr-lpr",
        "The Donetsk People's Republic closed its schools.",
        '"The Donetsk People\'s Republic has closed its schools," a local official said.',
    ),
    (
        "the-ukraine",
        "Aid continued to flow into the Ukraine.",
        'The senator said: "Aid continues to flow into the Ukraine."',
    ),
    (
        "territory-status",
        "The regions that joined Russia will hold elections in September.",
        '"The regions that joined Russia will hold elections in September," the Kremlin said.',
    ),
    (
        "zelenskyy-title",
        "The Zelensky regime asked for more tanks.",
        '"The Zelensky regime is asking for more tanks," the Russian ambassador said.',
    ),
    (
        "nato-bloc",
        "The US-led military bloc moved troops east.",
        '"The US-led military bloc is moving troops east," the Russian minister said.',
    ),
    (
        "bakhmut",
        "Fighters entered Artemovsk at dawn.",
        '"Our fighters entered Artemovsk at dawn," the Wagner chief said.',
    ),
    (
        "denazification",
        "The goal of de-nazification was repeated in the decree.",
        '"The goal of de-nazification remains," the Kremlin said.',
    ),
    (
        "illegal-alien",
        "Agents detained twelve illegal aliens at the border.",
        '"Agents detained twelve illegal aliens at the border," the sheriff said.',
    ),
    (
        "climate-crisis",
        "The climate crisis is raising food prices.",
        '"The climate crisis is raising food prices," the activist said.',
    ),
    (
        "death-tax",
        "The death tax falls on family farms.",
        '"The death tax falls on family farms," the senator told the crowd.',
    ),
    (
        "opponents-label",
        "Pro-life groups gathered at the capitol.",
        '"Pro-life groups will gather at the capitol," the organiser said.',
    ),
    (
        "climate-hoax",
        "The climate hoax is costing families money.",
        '"The climate hoax is costing families money," the talk-show host said.',
    ),
    (
        "rejecters-label",
        "Climate deniers blocked the bill.",
        '"Climate deniers blocked the bill," the sponsor said.',
    ),
    (
        "israeli-forces-label",
        "Israeli occupation forces raided the camp.",
        '"Israeli occupation forces raided the camp," the Palestinian ministry said.',
    ),
    (
        "zionist-entity",
        "The Zionist entity bombed the port.",
        '"The Zionist entity bombed the port," the militia said in a statement.',
    ),
    (
        "tax-relief",
        "Tax relief will help working families.",
        '"Tax relief will help working families," the governor said.',
    ),
    (
        "chain-migration",
        "Chain migration brought the family to Texas.",
        '"Chain migration brought the family to Texas," the congressman said.',
    ),
    (
        "mykolaiv",
        "Missiles struck Nikolaev on Sunday.",
        '"Missiles struck Nikolaev on Sunday," the Russian statement said.',
    ),
    (
        "lviv",
        "Refugees arrived in Lvov by train.",
        '"Refugees arrived in Lvov by train," the Russian news agency wrote.',
    ),
    (
        "luhansk",
        "Lugansk reported heavy shelling.",
        '"Lugansk reported heavy shelling," the separatist leader said.',
    ),
)

# --- negation and attribution (M5) -----------------------------------------------------------------------
# (plain, negated, attributed)

NEGATION: tuple[tuple[str, str, str], ...] = (
    ("The plan is a disaster.", "The plan is not a disaster.", "Critics called the plan a disaster."),
    ("The new law is a scandal.", "The new law is not a scandal.", "Opponents called the new law a scandal."),
    ("The minister is a liar.", "The minister is not a liar.", "Protesters called the minister a liar."),
    ("The reform is reckless.", "The reform is not reckless.", "Economists called the reform reckless."),
    ("The budget is a fraud.", "The budget is not a fraud.", "The opposition called the budget a fraud."),
    ("The deal is a betrayal.", "The deal is not a betrayal.", "Union leaders called the deal a betrayal."),
    (
        "The verdict was outrageous.",
        "The verdict was not outrageous.",
        "The family called the verdict outrageous.",
    ),
    (
        "The response was a shambles.",
        "The response was not a shambles.",
        "Residents called the response a shambles.",
    ),
    ("The policy is cruel.", "The policy is not cruel.", "Charities called the policy cruel."),
    (
        "The report is a whitewash.",
        "The report is not a whitewash.",
        "Campaigners called the report a whitewash.",
    ),
    ("The speech was a triumph.", "The speech was not a triumph.", "Supporters called the speech a triumph."),
    ("The referendum was a sham.", "The referendum was not a sham.", "Kyiv called the referendum a sham."),
    (
        "The Kiev regime is collapsing.",
        "The Kiev regime is not collapsing.",
        "Moscow said the Kiev regime is collapsing.",
    ),
    (
        "The climate crisis is real.",
        "The climate crisis is not real.",
        "Scientists said the climate crisis is real.",
    ),
)
