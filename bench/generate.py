"""Deterministic generator of realistic LinkedIn ``Connections.csv`` files, for benchmarks and tests.

The output has the exact shape of a 2024+ export (docs: ../shared/reference/formats.md §1.1): the three-line
``Notes:`` preamble, the header ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``,
UTF-8 without BOM, LF line ends and no newline after the last row. Like the real thing, about 98 % of the
e-mails are empty, about 1.5 % of the rows are hidden members (``,,,,,,DD Mon YYYY``), some fields are quoted
because they hold a comma or a double quote (doubled), some names carry accents, non-Latin scripts or emoji,
some fields keep stray leading/trailing spaces, every profile URL is unique and rows run newest first.

Usage::

    python bench/generate.py connections 30000 bench/out/connections-30000.csv [--seed 7]
    python bench/generate.py newer 30000 bench/out/connections-30000-newer.csv [--seed 7]

``newer`` writes a later export of the same network (same seed, same people): about 5 % of the people changed
job (company and/or position), and a few new connections (1 %) appear on top, as they do in a real re-export.
Only the standard library is used, so tests may import this module (``generate_people``, ``write_connections``,
``newer_people``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    "only see email addresses for connections who have allowed their connections to see or download their email "
    "address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
# LinkedIn writes English month names whatever the locale; strftime("%b") would follow the locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LATEST = _dt.date(2026, 11, 20)  # the "export date" of the first file; fixed so output never depends on today
EARLIEST = _dt.date(2008, 3, 1)

HIDDEN_RATE = 0.015
EMAIL_RATE = 0.02
EMOJI_RATE = 0.016
SPACE_RATE = 0.07
SUFFIX_RATE = 0.022  # "Smith, PhD" in Last Name: quoted
QUOTE_RATE = 0.004  # a doubled double quote somewhere
NO_COMPANY_RATE = 0.03
# Namesakes: a different member (own profile URL) with the same first name, last name and company as an
# earlier row. Real networks have a few ("David Smith, Google"); about 1 in 2 000 rows here.
HOMONYM_RATE = 0.0005

# --------------------------------------------------------------------------------------------------- word lists
# (first name, last name) pools per region, so a person's two names usually belong together.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        ("James", "Emma", "Oliver", "Olivia", "Jack", "Amelia", "Harry", "Isla", "Michael", "Sarah", "David",
         "Jennifer", "Chris", "Emily", "Daniel", "Jessica", "Matthew", "Laura", "Ryan", "Hannah", "Kevin", "Megan"),
        ("Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
         "Walker", "Wright", "Robinson", "Thompson", "Hughes", "Green", "Hall", "Clarke", "O'Brien", "McCarthy"),
    ),
    "de": (
        ("Lukas", "Anna", "Jonas", "Lena", "Felix", "Sophie", "Maximilian", "Marie", "Jürgen", "Katrin", "Jörg",
         "Sabine", "Tobias", "Julia", "Florian", "Anja"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Hoffmann",
         "Koch", "Bauer", "Groß", "Krüger", "Zimmermann", "Weiß"),
    ),
    "fr": (
        ("Léa", "Hugo", "Chloé", "Lucas", "Manon", "Théo", "Camille", "Louis", "Inès", "Gaël", "Zoé", "Étienne",
         "Amélie", "Benoît", "Hélène", "François"),
        ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre",
         "Fournier", "Girard", "Bonnet", "Mercier", "Chevalier", "Lemaître"),
    ),
    "es": (
        ("María", "José", "Lucía", "Javier", "Sofía", "Alejandro", "Martina", "Pablo", "Valentina", "Andrés",
         "Camila", "Sebastián", "Ximena", "Diego", "Renata", "Íñigo"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
         "Ramírez", "Torres", "Núñez", "Castillo", "Ortega", "Ibáñez", "Muñoz"),
    ),
    "pt": (
        ("João", "Ana", "Tiago", "Beatriz", "Gonçalo", "Mariana", "Rafael", "Leonor", "Thiago", "Larissa",
         "Gabriel", "Fernanda"),
        ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Almeida", "Magalhães",
         "Gonçalves", "Araújo", "Conceição"),
    ),
    "nl": (
        ("Daan", "Sanne", "Bram", "Fleur", "Sem", "Lotte", "Joost", "Femke", "Ruud", "Marieke"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Mulder",
         "van der Meer"),
    ),
    "nordic": (
        ("Lars", "Ingrid", "Mikkel", "Astrid", "Søren", "Freja", "Björn", "Märta", "Åsa", "Øystein", "Sigrid",
         "Eero", "Aino", "Jukka"),
        ("Hansen", "Johansson", "Nielsen", "Andersson", "Larsen", "Karlsson", "Pedersen", "Nyström", "Ødegård",
         "Virtanen", "Mäkinen", "Korhonen", "Lindqvist", "Sørensen"),
    ),
    "pl": (
        ("Agnieszka", "Piotr", "Małgorzata", "Krzysztof", "Katarzyna", "Paweł", "Łukasz", "Zofia", "Michał",
         "Joanna"),
        ("Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowski", "Zieliński",
         "Szymańska", "Dąbrowski"),
    ),
    "tr": (
        ("Mehmet", "Ayşe", "Mustafa", "Zeynep", "Emre", "Elif", "Burak", "Selin", "Çağlar", "Gülşen"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan"),
    ),
    "ru": (
        ("Dmitry", "Olga", "Sergey", "Natalia", "Алексей", "Мария", "Ivan", "Ekaterina", "Андрей", "Anastasia"),
        ("Ivanov", "Petrova", "Smirnov", "Kuznetsova", "Иванов", "Соколова", "Popov", "Volkova", "Морозов",
         "Lebedev"),
    ),
    "gr": (
        ("Giorgos", "Maria", "Nikos", "Eleni", "Dimitris", "Katerina", "Γιώργος", "Ελένη"),
        ("Papadopoulos", "Georgiou", "Nikolaidis", "Karagianni", "Παπαδόπουλος", "Oikonomou", "Vlachos",
         "Alexiou"),
    ),
    "ar": (
        ("Mohammed", "Fatima", "Ahmed", "Layla", "Omar", "Nour", "Youssef", "Mariam", "Karim", "Rania", "محمد",
         "فاطمة"),
        ("Al-Sayed", "Haddad", "Khalil", "Mansour", "Nasser", "Aziz", "El Amrani", "Benali", "Saleh", "Hassan",
         "الحسن", "Farouk"),
    ),
    "he": (
        ("Noa", "Yossi", "Tamar", "Itai", "Shira", "Avi"),
        ("Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman"),
    ),
    "in": (
        ("Priya", "Rahul", "Ananya", "Arjun", "Aishwarya", "Vikram", "Sneha", "Rohan", "Deepika", "Karthik",
         "Lakshmi", "Aditya", "Kavya", "Siddharth", "Meera", "Nikhil"),
        ("Sharma", "Patel", "Gupta", "Iyer", "Reddy", "Nair", "Singh", "Kumar", "Menon", "Chatterjee",
         "Banerjee", "Desai", "Krishnan", "Rao", "Mehta", "Joshi"),
    ),
    "cn": (
        ("Wei", "Jing", "Hao", "Xiaoling", "Yuxuan", "Mei", "Zhang Wei", "Li Na", "伟", "静", "Kai", "Yan"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "王", "李", "Xu", "Zhou"),
    ),
    "jp": (
        ("Haruto", "Yui", "Sota", "Aoi", "Ren", "Sakura", "Takeshi", "Yuki", "翔太", "美咲"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "佐藤", "鈴木"),
    ),
    "kr": (
        ("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Jae-won", "Soo-ah", "민준", "서연"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "김", "박"),
    ),
    "vn": (
        ("Minh", "Linh", "Anh", "Thảo", "Quang", "Hương", "Đức", "Ngọc"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng"),
    ),
    "africa": (
        ("Chinedu", "Amara", "Kwame", "Abena", "Oluwaseun", "Ngozi", "Tendai", "Thandiwe", "Kofi", "Wanjiru",
         "Sipho", "Zanele", "Tunde", "Adaeze"),
        ("Okafor", "Mensah", "Adeyemi", "Nwosu", "Boateng", "Mwangi", "Dlamini", "Okeke", "Abubakar", "Kamau",
         "Ndlovu", "Owusu", "Balogun", "Achebe"),
    ),
}
# Roughly how a European/North-American tech professional's network spreads.
REGION_WEIGHTS = {
    "en": 26, "de": 8, "fr": 7, "es": 8, "pt": 4, "nl": 4, "nordic": 4, "pl": 3, "tr": 3, "ru": 3, "gr": 2,
    "ar": 4, "he": 2, "in": 11, "cn": 5, "jp": 2, "kr": 2, "vn": 2, "africa": 5,
}
EMOJI = ("🚀", "🌱", "✨", "🎯", "💡", "🌍", "📈", "🔥", "☕", "🦄", "🇺🇦", "🏳️‍🌈")
CREDENTIALS = ("PhD", "MBA", "CFA", "PMP", "CPA", "MSc", "PhD, MBA", "SHRM-CP", "ACC", "PCC")

COMPANIES = (
    "Google", "Microsoft", "Amazon Web Services (AWS)", "Meta", "Apple", "Salesforce", "SAP", "Siemens",
    "Spotify", "Klarna", "Adyen", "Revolut", "N26", "Monzo", "Stripe", "Wise", "Zalando", "Booking.com",
    "Delivery Hero", "Shopify", "Atlassian", "Canva", "Deloitte", "PwC", "EY", "KPMG", "McKinsey & Company",
    "Boston Consulting Group (BCG)", "Accenture", "Capgemini", "IBM", "Oracle", "Infosys", "Tata Consultancy Services",
    "Wipro", "HSBC", "Barclays", "ING", "BNP Paribas", "Santander", "Deutsche Bank", "J.P. Morgan", "Goldman Sachs",
    "Siemens Energy", "Ørsted", "Vestas", "Northvolt", "Tesla", "Schneider Electric", "Bosch", "Volkswagen Group",
    "Unilever", "Nestlé", "L'Oréal", "Procter & Gamble", "Novartis", "Roche", "Philips", "ASML", "Ericsson",
    "Nokia", "Telefónica", "Vodafone", "Orange", "Airbus", "Rolls-Royce", "Mercado Libre", "Nubank", "Grab",
    "Sea Limited", "Rakuten", "Samsung Electronics", "Naver", "Alibaba Group", "Tencent", "ByteDance", "Flipkart",
    "Zomato", "Paystack", "Flutterwave", "Andela", "M-KOPA", "Careem", "Talabat", "Wix", "Monday.com",
    "Freelance", "Self-employed", "Stealth Startup", "University of Amsterdam", "TU München", "ETH Zürich",
    "Imperial College London", "Université Paris-Saclay", "United Nations", "World Bank Group",
    "Médecins Sans Frontières", "GreenLeaf Analytics", "Bright Harbor Labs", "Northwind Traders",
    "Contoso Ltd", "Fabrikam", "Kumo Robotics", "Pixelfarm Studio", "Helios Grid", "BlueFin Payments",
)
# Real exports quote these because of the comma.
COMPANIES_WITH_COMMA = (
    "Acme, Inc.", "Globex Holdings, LLC", "Initech, Ltd.", "Hooli, Inc.", "Wayne Enterprises, Inc.",
    "Tyrell Corp, Berlin", "Müller & Söhne, GmbH & Co. KG", "Soylent, S.A.",
)
COMPANIES_WITH_QUOTE = ('The "Fun" Company', 'Studio "Nord"', 'Café "Zentral" GmbH')
ROLES = (
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager", "Data Scientist",
    "Data Analyst", "Machine Learning Engineer", "Product Manager", "Senior Product Manager", "Product Designer",
    "UX Researcher", "Head of Product", "CTO", "CEO", "Co-Founder", "Founder & CEO", "Chief of Staff",
    "Talent Acquisition Partner", "Technical Recruiter", "Senior Recruiter", "HR Business Partner",
    "Account Executive", "Customer Success Manager", "Sales Director", "Marketing Manager", "Growth Lead",
    "Content Strategist", "Consultant", "Senior Consultant", "Managing Director", "Partner", "Analyst",
    "Investment Associate", "Venture Partner", "Research Scientist", "Professor", "PhD Candidate",
    "Career Coach", "Executive Coach", "Operations Manager", "Program Manager", "Solutions Architect",
    "DevOps Engineer", "Site Reliability Engineer", "Security Engineer", "Frontend Developer",
    "Backend Developer", "Full Stack Developer", "QA Engineer", "Scrum Master", "Agile Coach",
    "Business Development Manager", "Finance Manager", "Controller", "Sustainability Lead", "Policy Advisor",
    "Student", "Intern", "Board Member", "Advisor", "Open to work",
)
POSITIONS_WITH_COMMA = (
    "Head of Growth, EMEA", "Founder, CEO", "Director, Product Management", "VP, Engineering",
    "Senior Manager, Talent Acquisition", "Partner, Climate & Sustainability", "Lead, Data Platform",
    "Advisor, Board Member, Investor", "Engineer | Speaker, Writer", "Recruiter, Tech & Product",
)
POSITIONS_WITH_QUOTE = (
    'Chief "Everything" Officer', 'Host of the "Build in Public" podcast', 'Product Lead, "Payments 2.0"',
)
TAGLINES = (
    "Helping teams ship faster", "Building the future of payments", "Passionate about people",
    "Open to new opportunities", "Climate tech", "Ex-Google", "Speaker", "Mentor", "Angel investor",
)


@dataclass(frozen=True, slots=True)
class Person:
    """One row of the export. ``hidden`` rows carry only the date, as LinkedIn writes them."""

    first_name: str
    last_name: str
    url: str
    email: str
    company: str
    position: str
    connected_on: _dt.date
    hidden: bool = False

    def row(self) -> tuple[str, ...]:
        date = format_date(self.connected_on)
        if self.hidden:
            return ("", "", "", "", "", "", date)
        return (self.first_name, self.last_name, self.url, self.email, self.company, self.position, date)


def identity_key(first: str, last: str, company: str) -> tuple[str, str, str]:
    """What an importer compares when there is no URL or e-mail to go by: the same name at the same company."""
    return (first.strip().casefold(), last.strip().casefold(), company.strip().casefold())


def format_date(day: _dt.date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


# Letters NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae", "ı": "i"})


def _ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in " -")).lower()
    return "-".join(kept.split())


class _Factory:
    """Draws people from one seeded random stream; remembers used slugs and e-mails so they stay unique."""

    def __init__(self, rng: random.Random, homonym_rate: float = HOMONYM_RATE) -> None:
        self.rng = rng
        self.homonym_rate = homonym_rate
        self.slugs: set[str] = set()
        self.emails: set[str] = set()
        self.keys: set[tuple[str, str, str]] = set()
        self.regions = list(REGION_WEIGHTS)
        self.weights = [REGION_WEIGHTS[r] for r in self.regions]

    def _slug(self, first: str, last: str) -> str:
        rng = self.rng
        base = "-".join(p for p in (_ascii_slug(first), _ascii_slug(last)) if p)
        if not base:  # a name in a non-Latin script: members pick a Latin handle
            base = f"member{rng.randrange(10**6):06d}"
        shape = rng.random()
        if shape < 0.70:  # LinkedIn's default: name plus a hex suffix
            slug = f"{base}-{rng.getrandbits(32):08x}"
        elif shape < 0.85:  # a vanity URL
            slug = base.replace("-", "")
        elif shape < 0.95:
            slug = f"{base}-{rng.randrange(1, 999)}"
        else:
            slug = f"{base[:1]}{base.split('-')[-1]}"
        while slug in self.slugs:
            slug = f"{slug}-{rng.getrandbits(16):04x}"
        self.slugs.add(slug)
        return slug

    def _email(self, first: str, last: str) -> str:
        rng = self.rng
        local = ".".join(p.replace("-", "") for p in (_ascii_slug(first), _ascii_slug(last)) if p) or "hello"
        domain = rng.choice(("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "gmx.de", "web.de"))
        email = f"{local}@{domain}"
        while email in self.emails:
            email = f"{local}{rng.randrange(10, 9999)}@{domain}"
        self.emails.add(email)
        return email

    def company(self) -> str:
        r = self.rng.random()
        if r < 0.014:
            return self.rng.choice(COMPANIES_WITH_COMMA)
        if r < 0.014 + QUOTE_RATE / 2:
            return self.rng.choice(COMPANIES_WITH_QUOTE)
        if r < 0.014 + QUOTE_RATE / 2 + NO_COMPANY_RATE:
            return ""
        return self.rng.choice(COMPANIES)

    def position(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.056:
            return rng.choice(POSITIONS_WITH_COMMA)
        if r < 0.056 + QUOTE_RATE / 2:
            return rng.choice(POSITIONS_WITH_QUOTE)
        if r < 0.10:
            return f"{rng.choice(ROLES)} | {rng.choice(TAGLINES)}"
        if r < 0.105:
            return f"{rng.choice(ROLES)} {rng.choice(EMOJI)}"
        return rng.choice(ROLES)

    def person(self, connected_on: _dt.date) -> Person:
        rng = self.rng
        if rng.random() < HIDDEN_RATE:
            return Person("", "", "", "", "", "", connected_on, hidden=True)
        # Two members with the same name at the same company are rare in a real network, but small word lists
        # make them common: draw again unless this one is meant to be a namesake (HOMONYM_RATE).
        namesake = rng.random() < self.homonym_rate
        for _ in range(1000):
            firsts, lasts = NAMES[rng.choices(self.regions, self.weights)[0]]
            base_first, base_last = rng.choice(firsts), rng.choice(lasts)
            if rng.random() < 0.04:  # a double first name
                base_first = f"{base_first} {rng.choice(firsts)}"
            first, last = base_first, base_last
            if rng.random() < SUFFIX_RATE:
                last = f"{last}, {rng.choice(CREDENTIALS)}"
            if rng.random() < EMOJI_RATE:
                if rng.random() < 0.5:
                    first = f"{first} {rng.choice(EMOJI)}"
                else:
                    last = f"{last} {rng.choice(EMOJI)}"
            company = self.company()
            key = identity_key(first, last, company)
            if (key in self.keys) == namesake:
                break
        self.keys.add(key)
        url = f"https://www.linkedin.com/in/{self._slug(base_first, base_last)}"
        email = self._email(base_first, base_last) if rng.random() < EMAIL_RATE else ""
        person = Person(first, last, url, email, company, self.position(), connected_on)
        if rng.random() < SPACE_RATE:  # LinkedIn does not trim what members typed
            name = rng.choice(("first_name", "last_name", "company", "position"))
            value = getattr(person, name)
            if value:
                padded = rng.choice((f"{value} ", f" {value}", f"{value}  "))
                person = replace(person, **{name: padded})
        return person


def _dates(rng: random.Random, n: int, latest: _dt.date) -> list[_dt.date]:
    """n connection dates, newest first, denser in recent years (networks grow)."""
    span = (latest - EARLIEST).days
    # A uniform draw raised to a power > 1 pushes the mass towards ``latest``.
    return sorted((latest - _dt.timedelta(days=int(span * rng.random() ** 1.6)) for _ in range(n)), reverse=True)


def generate_people(n: int, seed: int = 7, homonym_rate: float = HOMONYM_RATE) -> list[Person]:
    """The *n* rows of an export, newest connection first. Same arguments → same rows."""
    rng = random.Random(f"connections:{seed}")
    factory = _Factory(rng, homonym_rate)
    return [factory.person(day) for day in _dates(rng, n, LATEST)]


def newer_people(
    people: Sequence[Person],
    seed: int = 7,
    job_change_rate: float = 0.05,
    added_rate: float = 0.01,
    homonym_rate: float = HOMONYM_RATE,
) -> list[Person]:
    """A later export of *people*: some changed company and/or position, a few new connections on top."""
    rng = random.Random(f"newer:{seed}")
    factory = _Factory(rng, homonym_rate)
    factory.slugs = {p.url.rsplit("/", 1)[-1] for p in people if p.url}
    factory.emails = {p.email for p in people if p.email}
    factory.keys = {identity_key(p.first_name, p.last_name, p.company) for p in people if not p.hidden}
    changed: list[Person] = []
    for person in people:
        if not person.hidden and rng.random() < job_change_rate:
            if rng.random() < 0.6:  # a new employer (and usually a new title)
                company = person.company
                for _ in range(1000):
                    company = factory.company()
                    key = identity_key(person.first_name, person.last_name, company)
                    if company.strip() != person.company.strip() and key not in factory.keys:
                        break
                factory.keys.add(key)
                position = factory.position() if rng.random() < 0.8 else person.position
                person = replace(person, company=company, position=position)
            else:  # a promotion or a new role in the same company
                position = person.position.strip()
                while position == person.position.strip():
                    position = factory.position()
                person = replace(person, position=position)
        changed.append(person)
    # New connections since the first export, newest first, above everyone else.
    count = round(len(people) * added_rate)
    days = sorted((LATEST + _dt.timedelta(days=rng.randint(1, 90)) for _ in range(count)), reverse=True)
    return [factory.person(day) for day in days] + changed


def _csv_field(value: str) -> str:
    """Minimal RFC 4180 quoting, as LinkedIn does it: quote only for a comma, a quote or a line break."""
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def connections_text(people: Iterable[Person]) -> str:
    lines = [",".join(HEADER)]
    lines.extend(",".join(_csv_field(v) for v in p.row()) for p in people)
    return PREAMBLE + "\n".join(lines)  # no newline after the last row, like the real export


def write_connections(path: str | Path, people: Iterable[Person]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(connections_text(people).encode("utf-8"))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("connections", "newer"), help="an export, or a later export of it")
    parser.add_argument("rows", type=int, help="number of data rows (of the first export)")
    parser.add_argument("out", type=Path, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--job-changes", type=float, default=0.05, help="newer: share of people with a new job")
    parser.add_argument("--added", type=float, default=0.01, help="newer: new connections, as a share of rows")
    parser.add_argument(
        "--homonyms", type=float, default=HOMONYM_RATE, help="share of rows that are namesakes (same name and company)"
    )
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("rows must be at least 1")
    people = generate_people(args.rows, args.seed, args.homonyms)
    if args.mode == "newer":
        people = newer_people(people, args.seed, args.job_changes, args.added, args.homonyms)
    write_connections(args.out, people)
    print(f"wrote {len(people)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
