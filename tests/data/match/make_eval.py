"""Make the SYNTHETIC evaluation set for matching claims to earlier fact-checks.

Nothing here is a real fact-check. The people, places and organisations are invented
(Eastmoor, Senator Maria Alvarez, the Vellshire Health Board…), the verdicts are drawn at
random, the publisher is "Synthetic Evaluation Desk" and every URL is on the reserved
``.example`` domain. The set exists only to measure the ranker in
:mod:`worksheet.prior.rank`.

It writes, beside this script:

- ``collection.json``: a few hundred earlier "checks" as schema.org ClaimReview;
- ``queries.json``: claims to match, each ``{"claim", "kind", "split", "answer"}``:
  ``kind`` is ``paraphrase`` (``answer`` is the URL of the check it restates: reworded,
  numbers written another way, names shortened, reported speech) or ``unrelated``
  (never checked, same topics and vocabulary; ``answer`` is null); ``split`` is ``dev``
  (used to fit the weights and pick the threshold) or ``test`` (held out, reported).

The split is by template: no wording of a test query was seen while fitting.
Run ``python tests/data/match/make_eval.py`` to regenerate (seeded, so the same files).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20261129
PUBLISHER = "Synthetic Evaluation Desk"
URL = "https://synthetic.example/checks/{n}"
VERDICTS = ["True", "Mostly true", "Mixed", "Misleading", "Mostly false", "False"]

PEOPLE = [("Senator Maria Alvarez", "Alvarez"), ("Governor Tom Reyes", "Reyes"),
          ("Prime Minister Anna Lindqvist", "Lindqvist"), ("Mayor Daniel Okafor", "Okafor"),
          ("Minister Helen Brandt", "Brandt"), ("President Viktor Samsonov", "Samsonov"),
          ("Representative Joan Whitfield", "Whitfield"), ("Chancellor Erik Halvorsen",
                                                           "Halvorsen"),
          ("Councillor Priya Natarajan", "Natarajan"), ("Senator Paul Kessler", "Kessler"),
          ("Governor Lucia Ferrante", "Ferrante"), ("Minister Samuel Adeyemi", "Adeyemi"),
          ("Mayor Ingrid Solberg", "Solberg"), ("President Rafael Moreno", "Moreno"),
          ("Opposition leader Claire Dumont", "Dumont"), ("Senator Omar Haddad", "Haddad")]
PLACES = ["Eastmoor", "Vellshire", "Norland", "Calder Bay", "Westhaven", "Marrow County",
          "Port Aldine", "Greyfield", "Lowmarsh", "Ashbourne", "Kestrel Valley", "Redcliff",
          "Brannock", "Oldmere", "Tarrow", "Silverdale", "Hollins", "Dunmore"]
COUNTRIES = ["Norland", "Estavia", "Pelloria", "Karvonia", "Ostrava Republic", "Veldania",
             "Maridia", "Sundara", "Ulvenmark", "Corvania", "Tessaly", "Brevonia"]
BODIES = ["the Health Board", "the Transport Authority", "the Water Company",
          "the Education Council", "the Police Service", "the Housing Agency"]

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
          8: "eight", 9: "nine", 10: "ten", 12: "twelve", 15: "fifteen", 20: "twenty",
          25: "twenty-five", 30: "thirty", 40: "forty", 50: "fifty"}


def count(n: int) -> tuple[str, str]:
    """A whole number written two ways: as the check wrote it, and as the query does."""
    if n >= 1_000_000 and n % 100_000 == 0:
        millions = n / 1_000_000
        short = f"{millions:g} million"
        return random.choice([(f"{n:,}", short), (short, f"{n:,}"), (short, f"{n}")])
    if n >= 1000 and n % 1000 == 0 and n // 1000 in _WORDS:
        words = f"{_WORDS[n // 1000]} thousand"
        return random.choice([(f"{n:,}", words), (words, f"{n:,}"), (f"{n:,}", f"{n}")])
    if n in _WORDS:
        return random.choice([(str(n), _WORDS[n]), (_WORDS[n], str(n))])
    return random.choice([(f"{n:,}", f"{n}"), (f"{n}", f"{n:,}")])


def percent(value: float) -> tuple[str, str]:
    """A percentage written two ways: "4.5%" and "4.5 percent" / "4.5 per cent"."""
    text = f"{value:g}"
    other = random.choice([f"{text} percent", f"{text} per cent"])
    return random.choice([(f"{text}%", other), (other, f"{text}%")])


def person() -> dict[str, str]:
    full, short = random.choice(PEOPLE)
    return {"who": full, "who_short": short}


# Each template: topic, the checked wording, the query wordings, and how to fill it.
# Query wordings use *_q slots: the same facts written another way.
TEMPLATES: list[dict[str, Any]] = [
    {"topic": "economy",
     "claim": "Unemployment in {place} fell to {pct} last year.",
     "queries": ["{place}'s jobless rate dropped to {pct_q} in the past year.",
                 "Last year the unemployment rate of {place} went down to {pct_q}."],
     "fill": lambda: {"place": random.choice(PLACES), **_pct(2, 12)}},
    {"topic": "economy",
     "claim": "{who} said inflation in {country} is at its highest level in {n} years.",
     "queries": ["{who_short}: {country} has its worst inflation for {n_q} years.",
                 "According to {who_short}, prices in {country} are rising faster than at any "
                 "time in {n_q} years."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES), **_count(10, 50)}},
    {"topic": "economy",
     "claim": "{country} created {n} new jobs in {year}.",
     "queries": ["In {year}, {n_q} jobs were added in {country}.",
                 "{country}'s economy added {n_q} jobs during {year}."],
     "fill": lambda: {"country": random.choice(COUNTRIES), "year": random.randint(2015, 2024),
                      **_count(20_000, 900_000, 1000)}},
    {"topic": "economy",
     "claim": "The minimum wage in {place} has not risen since {year}.",
     "queries": ["{place} hasn't raised its minimum wage since {year}.",
                 "Workers in {place} have had no minimum wage increase since {year}."],
     "fill": lambda: {"place": random.choice(PLACES), "year": random.randint(2009, 2020)}},
    {"topic": "economy",
     "claim": "{who} claimed that {country}'s national debt has doubled since {year}.",
     "queries": ["The national debt of {country} is twice what it was in {year}, "
                 "{who_short} says.",
                 "{who_short} said {country} owes double what it did in {year}."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES),
                      "year": random.randint(2005, 2018)}},
    {"topic": "economy",
     "claim": "Petrol in {place} costs {price} a litre, the most in the region.",
     "queries": ["A litre of petrol is {price} in {place}, the highest price in the region.",
                 "{place} drivers pay {price} per litre of fuel, more than anywhere nearby."],
     "fill": lambda: {"place": random.choice(PLACES),
                      "price": f"€{random.randint(140, 230) / 100:.2f}"}},
    {"topic": "health",
     "claim": "{body} of {place} says waiting lists have grown to {n} patients.",
     "queries": ["{n_q} patients are now on waiting lists in {place}, according to {body}.",
                 "Waiting lists in {place} have risen to {n_q} people."],
     "fill": lambda: {"body": random.choice(BODIES[:1]), "place": random.choice(PLACES),
                      **_count(5_000, 90_000, 1000)}},
    {"topic": "health",
     "claim": "Only {pct} of children in {place} are fully vaccinated against measles.",
     "queries": ["Just {pct_q} of {place}'s children have had all their measles jabs.",
                 "In {place}, measles vaccination covers only {pct_q} of children."],
     "fill": lambda: {"place": random.choice(PLACES), **_pct(60, 95)}},
    {"topic": "health",
     "claim": "{who} said {n} hospitals have closed in {country} since {year}.",
     "queries": ["{who_short} claims {country} has lost {n_q} hospitals since {year}.",
                 "Since {year}, {n_q} hospitals closed across {country}, {who_short} said."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES),
                      "year": random.randint(2010, 2020), **_count(3, 40)}},
    {"topic": "health",
     "claim": "Drinking coffee every day does not increase the risk of heart disease.",
     "queries": ["A daily cup of coffee won't raise your risk of heart disease."],
     "fill": None},
    {"topic": "health",
     "claim": "The {country} flu vaccine causes autism in children.",
     "queries": ["Children who get the flu jab in {country} develop autism.",
                 "{country}'s influenza vaccine has been linked to autism in kids."],
     "fill": lambda: {"country": random.choice(COUNTRIES)}},
    {"topic": "health",
     "claim": "Life expectancy in {place} dropped by {n} years between {year} and {year2}.",
     "queries": ["People in {place} lived {n_q} years less in {year2} than in {year}.",
                 "From {year} to {year2}, {place}'s life expectancy fell {n_q} years."],
     "fill": lambda: {"place": random.choice(PLACES), "year": 2010, "year2": 2020,
                      **_count(1, 5)}},
    {"topic": "crime",
     "claim": "Violent crime in {place} rose by {pct} in {year}.",
     "queries": ["{place} saw a {pct_q} increase in violent crime in {year}.",
                 "In {year} violent crimes went up {pct_q} in {place}."],
     "fill": lambda: {"place": random.choice(PLACES), "year": random.randint(2016, 2024),
                      **_pct(3, 40)}},
    {"topic": "crime",
     "claim": "{who} said the police in {place} have lost {n} officers since {year}.",
     "queries": ["{who_short}: {place} police are down {n_q} officers since {year}.",
                 "There are {n_q} fewer police officers in {place} than in {year}, according "
                 "to {who_short}."],
     "fill": lambda: {**person(), "place": random.choice(PLACES),
                      "year": random.randint(2010, 2020), **_count(100, 3000, 50)}},
    {"topic": "crime",
     "claim": "Most shoplifting in {place} is never reported to police.",
     "queries": ["The majority of shoplifting cases in {place} go unreported to the police."],
     "fill": lambda: {"place": random.choice(PLACES)}},
    {"topic": "crime",
     "claim": "{place} has the highest murder rate of any city in {country}.",
     "queries": ["No city in {country} has a higher murder rate than {place}.",
                 "{place} is {country}'s murder capital."],
     "fill": lambda: {"place": random.choice(PLACES), "country": random.choice(COUNTRIES)}},
    {"topic": "elections",
     "claim": "More than {n} dead people voted in the {year} election in {place}.",
     "queries": ["Over {n_q} deceased voters cast ballots in {place} in {year}.",
                 "In the {year} vote in {place}, more than {n_q} dead people were recorded as "
                 "voting."],
     "fill": lambda: {"place": random.choice(PLACES), "year": random.choice([2016, 2020, 2022,
                                                                            2024]),
                      **_count(1000, 50_000, 1000)}},
    {"topic": "elections",
     "claim": "Turnout in {country}'s {year} general election was {pct}, a record low.",
     "queries": ["Only {pct_q} of voters in {country} turned out in {year}, the lowest ever.",
                 "{country} recorded its lowest ever turnout, {pct_q}, at the {year} general "
                 "election."],
     "fill": lambda: {"country": random.choice(COUNTRIES), "year": random.randint(2010, 2024),
                      **_pct(38, 60)}},
    {"topic": "elections",
     "claim": "{who} won the {year} primary by {n} votes.",
     "queries": ["{who_short}'s margin in the {year} primary was {n_q} votes.",
                 "In {year}, {who_short} took the primary by just {n_q} votes."],
     "fill": lambda: {**person(), "year": random.randint(2012, 2024), **_count(50, 5000, 10)}},
    {"topic": "elections",
     "claim": "Postal ballots in {place} can be counted up to {n} days after election day.",
     "queries": ["{place} counts mail-in votes for {n_q} days after the election.",
                 "Mail ballots arriving {n_q} days after polling day are still counted in "
                 "{place}."],
     "fill": lambda: {"place": random.choice(PLACES), **_count(2, 10)}},
    {"topic": "immigration",
     "claim": "{n} migrants crossed into {country} illegally in {year}.",
     "queries": ["In {year}, {n_q} people entered {country} without authorisation.",
                 "{country} had {n_q} illegal crossings in {year}."],
     "fill": lambda: {"country": random.choice(COUNTRIES), "year": random.randint(2015, 2024),
                      **_count(10_000, 400_000, 1000)}},
    {"topic": "immigration",
     "claim": "{who} said asylum seekers in {country} receive more benefits than pensioners.",
     "queries": ["{who_short} claims asylum seekers get more in benefits than pensioners do "
                 "in {country}.",
                 "According to {who_short}, {country} pays asylum seekers more than its "
                 "pensioners."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES)}},
    {"topic": "immigration",
     "claim": "One in {n} residents of {place} was born abroad.",
     "queries": ["{place}: 1 in {n_q} people living there were born in another country.",
                 "Every {n_q}th resident of {place} is foreign-born."],
     "fill": lambda: {"place": random.choice(PLACES), **_count(3, 10)}},
    {"topic": "climate",
     "claim": "{country} gets {pct} of its electricity from wind power.",
     "queries": ["Wind turbines supply {pct_q} of {country}'s electricity.",
                 "{pct_q} of the power in {country} comes from wind."],
     "fill": lambda: {"country": random.choice(COUNTRIES), **_pct(5, 55)}},
    {"topic": "climate",
     "claim": "{year} was the hottest year ever recorded in {country}.",
     "queries": ["{country} never had a hotter year on record than {year}.",
                 "The record for {country}'s warmest year was set in {year}."],
     "fill": lambda: {"country": random.choice(COUNTRIES), "year": random.randint(2015, 2024)}},
    {"topic": "climate",
     "claim": "{who} said {country} will stop burning coal by {year}.",
     "queries": ["{who_short} promised {country} would phase out coal by {year}.",
                 "Coal power in {country} will end by {year}, {who_short} said."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES),
                      "year": random.randint(2025, 2040)}},
    {"topic": "climate",
     "claim": "Sea levels at {place} have risen {n} centimetres since {year}.",
     "queries": ["The sea at {place} is {n_q} cm higher than in {year}.",
                 "Since {year}, the sea level around {place} went up by {n_q} centimetres."],
     "fill": lambda: {"place": random.choice(PLACES), "year": random.choice([1900, 1950, 1980]),
                      **_count(5, 30)}},
    {"topic": "climate",
     "claim": "Electric cars produce more carbon emissions than petrol cars over their "
              "lifetime.",
     "queries": ["Over their whole life, EVs emit more carbon than petrol cars."],
     "fill": None},
    {"topic": "energy",
     "claim": "Household energy bills in {country} have gone up by {pct} this year.",
     "queries": ["This year, {country}'s households pay {pct_q} more for energy.",
                 "Energy bills for homes in {country} rose {pct_q} this year."],
     "fill": lambda: {"country": random.choice(COUNTRIES), **_pct(5, 80)}},
    {"topic": "energy",
     "claim": "The {place} nuclear plant supplies power to {n} homes.",
     "queries": ["{n_q} households get electricity from the nuclear plant at {place}.",
                 "{place}'s nuclear station powers {n_q} homes."],
     "fill": lambda: {"place": random.choice(PLACES), **_count(100_000, 2_000_000, 100_000)}},
    {"topic": "education",
     "claim": "{who} said teachers in {country} are paid less than they were in {year}.",
     "queries": ["{who_short}: teachers' pay in {country} is lower than in {year}.",
                 "Teachers in {country} earn less today than in {year}, {who_short} claimed."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES),
                      "year": random.randint(2005, 2015)}},
    {"topic": "education",
     "claim": "{n} schools in {place} have closed since {year}.",
     "queries": ["Since {year}, {place} has lost {n_q} schools.",
                 "{n_q} of {place}'s schools shut down after {year}."],
     "fill": lambda: {"place": random.choice(PLACES), "year": random.randint(2010, 2020),
                      **_count(5, 60)}},
    {"topic": "education",
     "claim": "University tuition in {country} has tripled in {n} years.",
     "queries": ["Tuition fees at {country}'s universities are three times higher than "
                 "{n_q} years ago.",
                 "{country}: university fees tripled over the last {n_q} years."],
     "fill": lambda: {"country": random.choice(COUNTRIES), **_count(10, 30)}},
    {"topic": "housing",
     "claim": "The average house in {place} now costs {n} times the average salary.",
     "queries": ["A typical home in {place} costs {n_q} times what an average worker earns.",
                 "House prices in {place} are {n_q} times average earnings."],
     "fill": lambda: {"place": random.choice(PLACES), **_count(5, 15)}},
    {"topic": "housing",
     "claim": "{who} said {n} new homes were built in {place} in {year}.",
     "queries": ["{who_short} claims {place} built {n_q} new homes in {year}.",
                 "In {year}, {n_q} homes were completed in {place}, {who_short} said."],
     "fill": lambda: {**person(), "place": random.choice(PLACES),
                      "year": random.randint(2015, 2024), **_count(1000, 40_000, 1000)}},
    {"topic": "housing",
     "claim": "Rents in {place} rose {pct} in the past twelve months.",
     "queries": ["Over the last year rents went up {pct_q} in {place}.",
                 "{place} tenants are paying {pct_q} more than a year ago."],
     "fill": lambda: {"place": random.choice(PLACES), **_pct(2, 25)}},
    {"topic": "transport",
     "claim": "{body} of {place} cancelled {n} trains last month.",
     "queries": ["{n_q} train services were cancelled in {place} last month.",
                 "Last month {place} saw {n_q} cancelled trains."],
     "fill": lambda: {"body": BODIES[1], "place": random.choice(PLACES),
                      **_count(200, 9000, 100)}},
    {"topic": "transport",
     "claim": "Road deaths in {country} are at their lowest since {year}.",
     "queries": ["{country} has not had so few road deaths since {year}.",
                 "Fewer people died on {country}'s roads than in any year since {year}."],
     "fill": lambda: {"country": random.choice(COUNTRIES), "year": random.randint(1950, 2000)}},
    {"topic": "transport",
     "claim": "{who} said the new bridge in {place} cost {n} euros.",
     "queries": ["{who_short}: {place}'s new bridge cost €{n_q}.",
                 "The bridge built in {place} came to {n_q} euros, {who_short} said."],
     "fill": lambda: {**person(), "place": random.choice(PLACES),
                      **_count(5_000_000, 90_000_000, 100_000)}},
    {"topic": "environment",
     "claim": "{body} of {place} dumped sewage into rivers {n} times in {year}.",
     "queries": ["In {year} there were {n_q} sewage spills into {place}'s rivers.",
                 "{place}'s rivers had raw sewage released into them {n_q} times in {year}."],
     "fill": lambda: {"body": BODIES[2], "place": random.choice(PLACES),
                      "year": random.randint(2018, 2024), **_count(100, 5000, 10)}},
    {"topic": "environment",
     "claim": "Plastic bags make up {pct} of the litter on {place}'s beaches.",
     "queries": ["{pct_q} of beach litter in {place} is plastic bags.",
                 "On {place} beaches, plastic bags are {pct_q} of all rubbish."],
     "fill": lambda: {"place": random.choice(PLACES), **_pct(5, 45)}},
    {"topic": "science",
     "claim": "5G masts spread viruses.",
     "queries": ["Viruses are being spread by 5G phone masts."],
     "fill": None},
    {"topic": "science",
     "claim": "The moon landing footage was filmed in a studio.",
     "queries": ["The footage of the moon landings was shot in a film studio."],
     "fill": None},
    {"topic": "defence",
     "claim": "{country} spends {pct} of its GDP on defence.",
     "queries": ["Defence spending in {country} amounts to {pct_q} of GDP.",
                 "{country} puts {pct_q} of its economic output into the military."],
     "fill": lambda: {"country": random.choice(COUNTRIES), **_pct(1, 5)}},
    {"topic": "defence",
     "claim": "{who} said {country} has {n} troops stationed abroad.",
     "queries": ["{who_short} claims {n_q} {country} soldiers are based overseas.",
                 "According to {who_short}, {country} keeps {n_q} troops in other countries."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES),
                      **_count(1000, 60_000, 1000)}},
    {"topic": "public finance",
     "claim": "{place} council spent {n} euros on consultants in {year}.",
     "queries": ["In {year}, consultants cost {place} council €{n_q}.",
                 "{place}'s council paid consultants {n_q} euros in {year}."],
     "fill": lambda: {"place": random.choice(PLACES), "year": random.randint(2016, 2024),
                      **_count(100_000, 9_000_000, 100_000)}},
    {"topic": "public finance",
     "claim": "{who} said taxes in {country} have not gone up under this government.",
     "queries": ["This government has never raised taxes in {country}, {who_short} said.",
                 "According to {who_short}, {country}'s government hasn't increased taxes."],
     "fill": lambda: {**person(), "country": random.choice(COUNTRIES)}},
]

# Claims on the same topics that no template checks: they must find nothing.
NEVER_CHECKED = [
    "Unemployment benefits in Eastmoor are paid for a maximum of six months.",
    "Vellshire's hospitals hired 300 new nurses in 2023.",
    "The average commute in Port Aldine takes 48 minutes.",
    "Norland's central bank raised interest rates four times last year.",
    "Estavia banned single-use plastic cutlery in 2021.",
    "Solar panels now cover 12% of the roofs in Greyfield.",
    "Senator Paul Kessler voted against the farm subsidies bill.",
    "Half of all teenagers in Marrow County own a smartphone before age 12.",
    "Pelloria's army recruited 8,000 soldiers in 2022.",
    "The Transport Authority of Redcliff plans to open two new tram lines by 2027.",
    "Mayor Ingrid Solberg said the city's parks budget was cut by a third.",
    "Karvonia's wheat harvest was the largest in its history in 2023.",
    "Greyfield police recorded 40 bicycle thefts a week in summer.",
    "Dunmore's water bills will rise by 9% from April.",
    "Minister Helen Brandt said the new railway will create 5,000 jobs.",
    "Over 70% of Sundara's exports go to neighbouring countries.",
    "Corvania has more doctors per person than any other country in the region.",
    "The Education Council of Tarrow wants to make school start at 9 am.",
    "Hollins recycled 55 percent of its household waste last year.",
    "Governor Lucia Ferrante signed a law capping rent increases at 3%.",
    "Veldania's population shrank for the first time in 2022.",
    "Opposition leader Claire Dumont said fuel duty should be scrapped.",
    "Ulvenmark will hold a referendum on joining the currency union.",
    "Kestrel Valley airport handled two million passengers in 2024.",
    "Maridia's tourism revenue fell 20% after the floods.",
    "Brevonia's parliament has 150 members.",
    "Measles cases in Silverdale doubled in the first half of the year.",
    "The Housing Agency of Oldmere owns 12,000 flats.",
    "Tessaly imports most of its natural gas by pipeline.",
    "President Rafael Moreno said the border wall is finished.",
]


def _pct(low: int, high: int) -> dict[str, str]:
    value = random.randint(low * 10, high * 10) / 10
    value = round(value) if random.random() < 0.5 else value
    shown, other = percent(value)
    return {"pct": shown, "pct_q": other, "key": f"pct{value:g}"}


def _count(low: int, high: int, step: int = 1) -> dict[str, str]:
    n = random.randrange(low, high + 1, step)
    shown, other = count(n)
    return {"n": shown, "n_q": other, "key": f"n{n}"}


def _identity(fill: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two fills of one template the same claim (who, where, what figure)."""
    return tuple(sorted((k, str(v)) for k, v in fill.items()
                        if k in ("place", "country", "who", "year", "key", "price")))


def _subject(fill: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(fill.get(k) for k in ("place", "country", "who"))


def main() -> None:
    """Write collection.json and queries.json (deterministic for the seed)."""
    random.seed(SEED)
    collection: list[dict[str, Any]] = []
    queries: list[dict[str, Any]] = []
    order = list(range(len(TEMPLATES)))
    random.shuffle(order)
    split_of = {t: ("dev" if rank % 2 == 0 else "test") for rank, t in enumerate(order)}
    for t, template in enumerate(TEMPLATES):
        split = split_of[t]
        fills: list[dict[str, Any]] = []
        seen: set[tuple[Any, ...]] = set()
        wanted = 1 if template["fill"] is None else 7
        tries = 0
        while len(fills) < wanted and tries < 500:
            tries += 1
            fill = {} if template["fill"] is None else template["fill"]()
            if _identity(fill) in seen:
                continue
            seen.add(_identity(fill))
            fills.append(fill)
        urls = []
        for fill in fills:
            n = len(collection) + 1
            url = URL.format(n=n)
            urls.append(url)
            collection.append(_review(template["claim"].format(**fill), url, n))
        # Paraphrases of the first checks of this template, one per query wording.
        for k, wording in enumerate(template["queries"]):
            fill = fills[k % len(fills)]
            queries.append({"claim": wording.format(**fill), "kind": "paraphrase",
                            "split": split, "answer": urls[k % len(fills)],
                            "topic": template["topic"]})
        # A claim of the same shape about someone or somewhere never checked.
        if template["fill"] is not None:
            subjects = {_subject(f) for f in fills}
            for _ in range(200):
                fill = template["fill"]()
                if _subject(fill) not in subjects and _identity(fill) not in seen:
                    wording = random.choice([template["claim"], *template["queries"]])
                    queries.append({"claim": wording.format(**fill), "kind": "unrelated",
                                    "split": split, "answer": None,
                                    "topic": template["topic"]})
                    break
    for i, claim in enumerate(NEVER_CHECKED):
        queries.append({"claim": claim, "kind": "unrelated",
                        "split": "dev" if i % 2 == 0 else "test", "answer": None,
                        "topic": "never checked"})
    note = ("SYNTHETIC evaluation data made by tests/data/match/make_eval.py: invented "
            "people and places, random verdicts. Not real fact-checks.")
    (HERE / "collection.json").write_text(json.dumps(
        {"@context": "https://schema.org", "description": note, "@graph": collection},
        indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (HERE / "queries.json").write_text(json.dumps(
        {"description": note, "queries": queries}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8")
    kinds = [(q["kind"], q["split"]) for q in queries]
    print(f"{len(collection)} checks; queries: "
          + ", ".join(f"{k}/{s} {kinds.count((k, s))}" for k, s in sorted(set(kinds))))


def _review(claim: str, url: str, n: int) -> dict[str, Any]:
    verdict = random.randrange(len(VERDICTS))
    year = random.randint(2019, 2025)
    return {
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": VERDICTS[verdict],
                         "ratingValue": len(VERDICTS) - verdict, "bestRating": len(VERDICTS),
                         "worstRating": 1},
        "author": {"@type": "Organization", "name": PUBLISHER},
        "datePublished": f"{year}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}",
        "url": url,
    }


if __name__ == "__main__":
    main()
