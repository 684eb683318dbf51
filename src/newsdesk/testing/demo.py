"""Demo content for the portal, written into a real store.

The store ``newsdesk serve`` shows while the user's store is empty is built by
``newsdesk.pipeline.demo.build_demo_store`` from the fixture web. Here:

* ``generate`` + ``seed_demo``: generated articles with ready-made enrichment and stories,
  written straight into a store (tests and the load benchmark, where a known shape matters).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from ..model import Article, Enrichment, Entity, Image

log = logging.getLogger("newsdesk.demo")

OUTLETS = (
    "The Harbour Ledger",
    "Northgate Courier",
    "Meridian Daily",
    "Valemont Post",
    "Coastline Chronicle",
    "The Quarry Times",
)

PEOPLE = (
    "Ilsa Varga", "Tomas Brenner", "Amaya Okafor", "Lior Castellan", "Hedda Marsh",
    "Rafael Ortiz-Lund", "Noor Halvorsen", "Petra Quill", "Dario Mensah", "Sofia Aalto",
)
PLACES = ("Veridia", "Port Avalon", "Kestrel Bay", "Norvale", "the Tamsin Isles", "Eastmarch", "Solano")
ORGS = (
    "Veridian Assembly", "Kestrel Water Board", "Northline Rail", "Solano Football Club",
    "Quillon Labs", "the Tamsin Health Trust", "Brightwave Media", "Aurora Space Agency",
)

# (section, headline template, lede template, body sentence templates)
EVENTS = (
    ("World", "{place} and {place2} agree to reopen border crossings after talks led by {person}",
     "Negotiators from {place} and {place2} reached a deal overnight, ending a four-month closure.",
     ("Officials said the first crossings would reopen within a week.",
      "{person} described the agreement as a first step rather than a settlement.",
      "Traders on both sides have waited months for the route to reopen.",
      "Observers from {org} will monitor the crossings for the first month.")),
    ("Politics", "{org} passes budget after late-night vote, {person} claims victory",
     "Lawmakers approved the spending plan by a narrow margin after hours of debate.",
     ("The budget raises spending on schools and rail while trimming administration costs.",
      "{person} said the vote showed the coalition could still govern.",
      "Opposition members walked out before the final count.",
      "The plan now goes to a second reading next month.")),
    ("Business", "{org} shares jump as quarterly profit beats forecasts",
     "The company reported stronger sales across its three largest markets.",
     ("Revenue rose eleven percent compared with the same quarter last year.",
      "Chief executive {person} credited new contracts in {place}.",
      "Analysts had expected a slower quarter because of higher energy prices.",
      "The firm said it would hire four hundred people in {place2}.")),
    ("Technology", "{org} unveils low-power chip it says halves data-centre energy use",
     "Engineers demonstrated the processor at a conference in {place}.",
     ("The chip uses a new memory layout that keeps data close to the cores.",
      "{person}, who led the project, said production would start next year.",
      "Independent researchers cautioned that real workloads may see smaller savings.",
      "Cloud operators in {place2} have already ordered test batches.")),
    ("Sports", "{org} clinch title on final day as {person} scores twice",
     "A late surge sealed the championship in front of a sold-out crowd in {place}.",
     ("The win ends a twelve-year wait for the club's supporters.",
      "{person} scored in the 71st and 88th minutes.",
      "Rivals from {place2} finished one point behind.",
      "Celebrations continued late into the night across the city.")),
    ("Health", "{org} expands free screening programme to {place}",
     "Thousands more residents will be offered early checks from next spring.",
     ("Doctors say early screening can cut treatment costs significantly.",
      "{person}, the programme's director, said mobile clinics would reach rural areas.",
      "The scheme has already run for two years in {place2}.",
      "Patient groups welcomed the move but asked for clearer waiting-time targets.")),
    ("Science", "{org} probe returns first close images of comet's icy core",
     "Scientists in {place} celebrated as the spacecraft sent back its first pictures.",
     ("The images show cliffs and pits on the surface of the comet's nucleus.",
      "{person}, the mission's lead scientist, called the pictures a gift.",
      "The probe will fly within two hundred kilometres of the comet next month.",
      "Data will be shared with observatories in {place2}.")),
    ("Entertainment", "{person}'s debut film wins audience award at {place} festival",
     "The drama about a fishing family drew a standing ovation at its premiere.",
     ("Critics praised the film's quiet performances and its coastal photography.",
      "{person} thanked the cast, most of whom had never acted before.",
      "Distributors from {place2} are reported to be bidding for the rights.",
      "The film opens in cinemas in the spring.")),
)


@dataclass(slots=True)
class DemoItem:
    """One demo article with the enrichment a real pipeline would have computed."""

    article: Article
    story_key: int
    entities: list[Entity] = field(default_factory=list)
    short: str = ""
    reason: str = ""


def _fill(template: str, ctx: dict[str, str]) -> str:
    return template.format(**ctx)


def generate(n_stories: int = 24, seed: int = 7, now: datetime | None = None,
             max_outlets: int = 4, paragraphs: int = 6) -> list[DemoItem]:
    """``n_stories`` stories, each covered by 1..``max_outlets`` outlets, newest first overall."""
    rng = random.Random(seed)
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    items: list[DemoItem] = []
    art_no = 0
    for s in range(n_stories):
        section, head_t, lede_t, sents = EVENTS[s % len(EVENTS)]
        people = rng.sample(PEOPLE, 2)
        places = rng.sample(PLACES, 2)
        ctx = {"person": people[0], "person2": people[1], "place": places[0], "place2": places[1],
               "org": rng.choice(ORGS)}
        start = now - timedelta(minutes=rng.randint(5, 60 * 24 * 3) + s * 7)
        outlets = rng.sample(OUTLETS, rng.randint(1, min(max_outlets, len(OUTLETS))))
        ents = [Entity(ctx["person"], ctx["person"].lower(), "person"),
                Entity(ctx["place"], ctx["place"].lower().removeprefix("the "), "place"),
                Entity(ctx["org"], ctx["org"].lower().removeprefix("the "), "org")]
        for k, outlet in enumerate(outlets):
            art_no += 1
            published = start + timedelta(minutes=k * rng.randint(10, 90))
            headline = _fill(head_t, ctx)
            if k:
                headline = f"{headline.split(',')[0]}: what we know" if k % 2 else f"Analysis: {headline}"
            body_sents = [_fill(t, ctx) for t in sents]
            paras = [_fill(lede_t, ctx)]
            for p in range(paragraphs - 1):
                rng.shuffle(body_sents)
                paras.append(" ".join(body_sents[: 2 + p % 2]))
            body = "\n\n".join(paras)
            body_html = "".join(f"<p>{p}</p>" for p in paras)
            slug = "-".join(headline.lower().split()[:6]).replace(",", "").replace(":", "").replace("'", "")
            domain = outlet.lower().replace("the ", "").replace(" ", "") + ".example"
            art = Article(
                title=headline,
                authors=[rng.choice(PEOPLE[::-1]) + " (demo)"],
                published=published.isoformat().replace("+00:00", "Z"),
                site_name=outlet,
                url=f"https://{domain}/{section.lower()}/{slug}-{art_no}",
                canonical_url=f"https://{domain}/{section.lower()}/{slug}-{art_no}",
                language="en",
                section=section,
                tags=[ctx["place"], section],
                description=_fill(lede_t, ctx),
                image=Image(url=f"/demo-img/{(s * 7 + k) % 24}.svg",
                            caption=f"{ctx['place']}: a file picture from the demo archive.",
                            credit="newsdesk demo"),
                body=body,
                body_html=body_html,
            )
            short = " ".join(paras[:3])
            words = short.split()
            short = " ".join(words[:60]) + ("…" if len(words) > 60 else "")
            reason = "new story" if k == 0 else f"shared entities: {ents[0].name}, {ents[1].name}"
            items.append(DemoItem(art, s, list(ents), short, reason))
    items.sort(key=lambda it: it.article.published or "", reverse=True)
    return items


def seed_demo(store: Any, items: list[Any], batch: int = 2000) -> int:
    """Write ``generate``d items into a store: articles, enrichment, stories."""
    stories: dict[int, int] = {}
    sources: dict[str, int] = {}
    for it in items:
        name = it.article.site_name or "demo"
        if name not in sources:
            host = urlsplit(it.article.url or "").hostname or "demo.example"
            sources[name] = store.add_source("feed", f"https://{host}/feed.xml", f"{name} (demo)",
                                             exist_ok=True).id
    n = 0
    for start in range(0, len(items), batch):
        with store.batch():
            for it in items[start: start + batch]:
                r = store.upsert_article(it.article, source_id=sources[it.article.site_name or "demo"])
                store.save_enrichment(r.article_id, Enrichment(
                    language=it.article.language, entities=it.entities, section=it.article.section,
                    section_source="publisher:demo", short=it.short))
                if it.story_key not in stories:
                    stories[it.story_key] = store.create_story(None, it.article.published)
                store.assign_story(r.article_id, stories[it.story_key], {"text": it.reason})
                n += 1
    return n
