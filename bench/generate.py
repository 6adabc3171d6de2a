"""Write a realistic, synthetic collection of notes for benchmarks: the same seed, the same files.

    python bench/generate.py OUT_DIR --events 1000 [--seed 7]

Events are meetups, conferences, webinars and workshops from 2012 on, each with 3 to 12 talks;
talks have titles built from real topics, one to three speakers with roles and companies, two
to four tags, and 150 to 400 words of notes. About one talk in ten is about Lambda.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from notes_cli.model import Draft, Speaker, Talk, event_id
from notes_cli.notefile import new_note_text

TOPICS = {
    "lambda": ["Lambda", "serverless functions", "cold starts", "event sources"],
    "serverless": ["serverless", "Step Functions", "API Gateway", "event-driven design"],
    "containers": ["containers", "ECS", "Fargate", "Docker images"],
    "kubernetes": ["Kubernetes", "operators", "Helm charts", "the control plane"],
    "networking": ["VPC design", "Transit Gateway", "BGP", "Direct Connect"],
    "security": ["IAM policies", "least privilege", "secrets rotation", "threat modelling"],
    "observability": ["tracing", "CloudWatch", "OpenTelemetry", "structured logs"],
    "databases": ["Aurora", "DynamoDB", "PostgreSQL", "read replicas"],
    "cost": ["Reserved Instances", "Savings Plans", "spot capacity", "cost allocation tags"],
    "ci-cd": ["CodePipeline", "GitHub Actions", "blue-green deploys", "canary releases"],
    "data": ["Kinesis", "data lakes", "Athena", "stream processing"],
    "ml": ["SageMaker", "feature stores", "model serving", "embeddings"],
    "iac": ["Terraform", "CloudFormation", "CDK", "drift detection"],
    "frontend": ["React", "edge rendering", "CloudFront", "web performance"],
    "python": ["Python", "asyncio", "type hints", "packaging"],
    "rust": ["Rust", "memory safety", "async runtimes", "WebAssembly"],
}
TITLE_SHAPES = [
    "{a} at scale",
    "Lessons from running {a} in production",
    "{a} and {b}: a practical guide",
    "Getting started with {a}",
    "Why we moved to {a}",
    "{a} without tears",
    "Ten things we learned about {a}",
    "From {b} to {a}",
    "Deep dive: {a}",
    "{a} for the rest of us",
    "Building resilient systems with {a} and {b}",
    "What's new in {a}",
]
FIRST = "Alice Ben Chloe Dev Elena Farid Grace Hiro Ines Jonas Kavya Liam Maria Nadia Omar Priya Quinn Rosa Sam Tomás Uma Victor Wen Yusuf Zoë Aoife Bruno Carmen Dmitri Esther".split()
LAST = "Okafor Lindqvist Tanaka Müller Smith Patel García Nowak Rossi Dubois Kowalski Chen Haddad Silva O'Brien Novak Jensen Costa Ivanova Murphy Schmidt Kumar Ahmed Moreau Fischer Sato Varga Brennan Lopez Walsh".split()
ROLES = [
    "Principal Engineer",
    "Solutions Architect",
    "Technical Architect",
    "Staff Engineer",
    "SRE",
    "Developer Advocate",
    "CTO",
    "Engineering Manager",
    "Data Engineer",
    "Security Engineer",
    "Cloud Consultant",
    "Platform Engineer",
    "Head of Infrastructure",
    "Technical Evangelist",
]
COMPANIES = [
    "AWS",
    "Netflix",
    "Zen Internet",
    "BJSS",
    "Claranet",
    "Monzo",
    "Spotify",
    "Shopify",
    "Datadog",
    "HashiCorp",
    "Elastic",
    "GitLab",
    "Cloudflare",
    "Stripe",
    "Skyscanner",
    "Ocado",
    "BBC",
    "Sky",
    "Deliveroo",
    "Canonical",
    "Red Hat",
    "Grafana Labs",
    "Snyk",
    "Atlassian",
    "Wise",
]
SERIES = [
    ("AWS User Group {city}", "meetup"),
    ("Serverless {city}", "meetup"),
    ("DevOps {city}", "meetup"),
    ("Python {city}", "meetup"),
    ("Cloud Native {city}", "meetup"),
    ("AWS Summit {city}", "conference"),
    ("KubeCon {region}", "conference"),
    ("DevOpsDays {city}", "conference"),
    ("PyCon {region}", "conference"),
    ("AWS re:Invent", "conference"),
    ("Observability Live", "webinar"),
    ("Terraform Workshop {city}", "workshop"),
]
CITIES = [
    "Manchester",
    "Leeds",
    "London",
    "Edinburgh",
    "Dublin",
    "Berlin",
    "Amsterdam",
    "Lisbon",
    "Paris",
    "Stockholm",
]
REGIONS = ["Europe", "UK", "North America", "Asia"]
FILLER = (
    "the team showed how they approached the problem and what they would do differently next time "
    "most of the examples came from production and the numbers were honest about the trade-offs "
    "there was a good question from the audience about migration and the answer was to start small "
    "a demo walked through the setup step by step and it mostly worked which was reassuring "
    "the slides are worth reading again for the diagrams and the links at the end "
    "I want to try this at work on one service first and measure before and after "
    "they stressed automation testing and clear ownership as the things that made it stick "
    "costs came up several times and the advice was to tag everything from the first day"
).split()


def _speaker(rng: random.Random) -> Speaker:
    return Speaker(
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        role=rng.choice(ROLES) if rng.random() < 0.85 else "",
        company=rng.choice(COMPANIES) if rng.random() < 0.95 else "",
    )


def _notes(rng: random.Random, phrases: list[str]) -> str:
    words: list[str] = []
    target = rng.randint(150, 400)
    while len(words) < target:
        sentence = rng.sample(FILLER, rng.randint(8, 16))
        sentence.insert(rng.randrange(len(sentence)), rng.choice(phrases))
        words.extend(sentence)
        words[-1] += "."
    paragraphs = [" ".join(words[i : i + 70]) for i in range(0, len(words), 70)]
    return "\n\n".join(p[0].upper() + p[1:] for p in paragraphs)


def _talk(rng: random.Random) -> Talk:
    weights = [10 if name == "lambda" else 6 for name in TOPICS]
    main, other = rng.choices(list(TOPICS), weights=weights, k=2)
    a, b = rng.choice(TOPICS[main]), rng.choice(TOPICS[other])
    title = rng.choice(TITLE_SHAPES).format(a=a, b=b)
    title = title[0].upper() + title[1:]
    tags = list(dict.fromkeys([main, other, *rng.sample(list(TOPICS), rng.randint(0, 2))]))
    return Talk(
        title=title,
        speakers=tuple(
            _speaker(rng) for _ in range(rng.choices([1, 2, 3], weights=[80, 15, 5])[0])
        ),
        tags=tuple(tags),
        format=rng.choices(
            ["talk", "lightning", "keynote", "workshop", "panel"], weights=[70, 15, 5, 5, 5]
        )[0],
        notes=_notes(rng, TOPICS[main] + TOPICS[other]),
    )


def generate(out: Path, events: int, seed: int) -> int:
    rng = random.Random(seed)
    start = dt.date(2012, 1, 1)
    written = 0
    for number in range(events):
        series, kind = rng.choice(SERIES)
        date = start + dt.timedelta(days=rng.randrange(365 * 14))
        title = f"{series.format(city=rng.choice(CITIES), region=rng.choice(REGIONS))} {date:%B %Y} #{number}"
        talks: list[Talk] = []
        seen: set[str] = set()
        for _ in range(rng.randint(3, 12)):
            talk = _talk(rng)
            if talk.title.casefold() not in seen:
                seen.add(talk.title.casefold())
                talks.append(talk)
        text = new_note_text(
            Draft(
                title=title,
                date=date,
                kind=kind,
                location=rng.choice(CITIES),
                tags=("aws",) if "AWS" in title else (),
                talks=tuple(talks),
                text=_notes(rng, ["the venue", "the organisers", "the sponsors"])[:400],
            )
        )
        folder = out / f"{date.year}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{event_id(date, title)}.md").write_text(text, encoding="utf-8")
        written += len(talks)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    talks = generate(args.out, args.events, args.seed)
    print(f"{args.events} events, {talks} talks in {args.out}")


if __name__ == "__main__":
    main()
