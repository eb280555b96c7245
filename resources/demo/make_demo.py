"""Write the demo network: a career coach who is also steering her own move into fintech product work.

    python resources/demo/make_demo.py [OUT.json]      # default: resources/demo/demo-network.json
    linkorganizer --db /tmp/demo.db import resources/demo/demo-network.json

The output is a LinkOrganizer JSON archive (the shape ``linkorganizer.formats.json_archive.archive_document``
writes): 60 contacts from many countries at every relationship stage, five goal groups with slots and members
(some contacts serve two goals), invitations in every state (some with LinkedIn's default text or no message
at all), introduction calls held and scheduled, and a history of interactions. Every date is relative to the
fixed ``TODAY`` below, so the file is byte-for-byte reproducible; regenerate it after editing this script.

People, companies, e-mail domains (``.example``) and phone numbers (reserved fictional ranges) are invented.
Only the standard library is used.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

TODAY = _dt.datetime(2026, 11, 25, 9, 0, 0)  # the demo's "now"; the app shows things due relative to it
DEFAULT_OUT = Path(__file__).resolve().parent / "demo-network.json"
LINKEDIN_DEFAULT = "I'd like to add you to my professional network."


def at(days: float, hour: int = 10, minute: int = 0) -> str:
    """A moment *days* from TODAY (negative = in the past), at the given time of day."""
    day = (TODAY + _dt.timedelta(days=days)).replace(hour=hour, minute=minute, second=0)
    return day.strftime("%Y-%m-%d %H:%M:%S")


def on(days: int) -> str:
    return (TODAY + _dt.timedelta(days=days)).date().isoformat()


def slug(first: str, last: str, vanity: bool) -> str:
    folded = unicodedata.normalize("NFKD", f"{first} {last}".replace("ß", "ss").replace("ø", "o"))
    base = "-".join("".join(c for c in folded if c.isascii() and (c.isalnum() or c == " ")).lower().split())
    if vanity:
        return base.replace("-", "")
    return f"{base}-{hashlib.sha1(f'{first} {last}'.encode()).hexdigest()[:8]}"


# ------------------------------------------------------------------------------------------------ contacts
# (first, last, company, position, location, stage, tags, connected days ago or None, extras)
# Stages: prospect (not yet invited), invited (an invitation is open), introduced (we had the call, decision
# pending), connected, keep_in_touch (a cadence keeps the relationship warm), not_a_fit.
PEOPLE: list[tuple[str, str, str, str, str, str, list[str], int | None, dict[str, Any]]] = [
    # --- Land a product role in fintech
    ("Priya", "Raman", "Lumen Pay", "Head of Product, Payments", "London, United Kingdom", "connected",
     ["fintech", "hiring-manager"], 210,
     {"help_me": "Runs the payments product team; open to a referral once a senior PM role opens in Q1.",
      "help_them": "Wants better interview loops for PMs: I can share my structured-interview rubric.",
      "emails": [("work", "priya.raman@lumenpay.example")], "cadence_days": 30}),
    ("Tomás", "Herrera", "Kestrel Bank", "Senior Technical Recruiter", "Madrid, Spain", "keep_in_touch",
     ["recruiter", "fintech"], 400,
     {"help_me": "Hires product people for the digital bank; knows which teams are growing.",
      "help_them": "Sends me candidates who need CV work; I send him screened product people.",
      "cadence_days": 30}),
    ("Amara", "Okafor", "Zestly", "Product Manager, Merchant Payments", "Lagos, Nigeria", "connected",
     ["fintech", "alumni"], 820, {"notes": "Same MBA cohort. Moved from consulting into product in 2023."}),
    ("Jonas", "Becker", "Finlo", "VP Product", "Berlin, Germany", "connected", ["fintech", "hiring-manager"], 25,
     {"help_me": "Building a lending team in 2027; wants PMs who understand SME customers.",
      "notes": "Accepted my invitation after the fintech meetup in Berlin."}),
    ("Sofia", "Lindqvist", "Northwind Capital", "Talent Partner", "Stockholm, Sweden", "invited",
     ["recruiter", "fintech"], None, {}),
    ("Wei", "Zhang", "Kestrel Bank", "Staff Product Manager, Risk", "Singapore", "prospect", ["fintech"], None,
     {"notes": "Spoke at Money20/20 on fraud models. Ask Tomás for an introduction first."}),
    ("Hannah", "O'Connor", "Independent", "Product Coach", "Dublin, Ireland", "keep_in_touch",
     ["mentor", "coaching"], 1300,
     {"help_me": "Mentored me through my first PM job search; reviews my case-study deck.",
      "help_them": "Refers her clients who need a CV rewrite to me.", "cadence_days": 60,
      "birthday": "--03-22", "emails": [("personal", "hannah@oconnor-coaching.example")]}),
    ("Rafael", "Costa", "Lumen Pay", "Engineering Manager", "Lisbon, Portugal", "connected",
     ["fintech", "alumni"], 640, {"help_me": "Insider at Lumen Pay; offered to pass my CV to Priya."}),
    ("Leila", "Haddad", "TalentBridge", "Recruitment Consultant", "Paris, France", "keep_in_touch", ["recruiter"],
     530, {"cadence_days": 45, "help_them": "Looking for bilingual product candidates; I keep an eye out."}),
    ("Daniel", "Kim", "Onward Pay", "Product Lead", "Toronto, Canada", "connected", ["fintech"], 95, {}),
    # --- Grow the coaching practice
    ("Marisol", "Vega", "Solano Logistics", "HR Director", "Mexico City, Mexico", "connected",
     ["client-referrals", "hr"], 300,
     {"help_them": "Needs an outplacement partner for a restructuring in spring.",
      "help_me": "Could bring a group of 12 clients.", "emails": [("work", "m.vega@solano.example")]}),
    ("Kwame", "Mensah", "University of Ghana", "Alumni Career Services Lead", "Accra, Ghana", "keep_in_touch",
     ["alumni", "partner"], 700, {"cadence_days": 60,
                                  "help_them": "Runs a mentoring scheme for graduates; I give a free workshop."}),
    ("Ingrid", "Solberg", "Fjord Partners", "Outplacement Consultant", "Oslo, Norway", "introduced", ["partner"],
     None, {"notes": "Call held: they subcontract CV work for Nordic clients. Waiting for their rate card."}),
    ("Arjun", "Mehta", "", "Data Analyst (open to work)", "Pune, India", "connected", ["client", "job-seeker"], 60,
     {"help_them": "Career switch into product analytics; we rewrote his CV and LinkedIn headline.",
      "notes": "Landed two interviews in three weeks."}),
    ("Chloé", "Martin", "Atelier Nord", "UX Designer", "Lyon, France", "keep_in_touch", ["client"], 450,
     {"cadence_days": 90, "notes": "Former client; happy to give a testimonial."}),
    ("Yusuf", "Demir", "CareerLab Podcast", "Founder & Host", "Istanbul, Türkiye", "invited", ["podcast", "media"],
     None, {}),
    ("Nadia", "Petrova", "Petrova Coaching", "Executive Coach", "Sofia, Bulgaria", "connected",
     ["coaching", "peer"], 380, {"help_them": "Sends me clients who need a CV; I send her executives."}),
    ("Samuel", "Adeyemi", "Harbor Talent", "Recruiter, Tech & Product", "Nairobi, Kenya", "connected",
     ["recruiter"], 150, {}),
    ("Emily", "Chen", "BrightPath", "Hiring Manager, Customer Success", "San Francisco, United States", "prospect",
     [], None, {}),
    ("Lucas", "Moreau", "CodeNorth Bootcamp", "Career Advisor", "Montréal, Canada", "introduced", ["partner"], None,
     {"notes": "Call held: their graduates need interview practice; maybe a monthly workshop."}),
    # --- Speak at two conferences
    ("Aiko", "Tanaka", "ProductCamp Tokyo", "Program Chair", "Tokyo, Japan", "invited", ["conference"], None, {}),
    ("Oliver", "Grant", "CareerCon Europe", "Organizer", "Amsterdam, Netherlands", "connected",
     ["conference", "speaker"], 210, {"help_me": "Call for papers opens in January; send the abstract early."}),
    ("Fatima", "Al-Zahra", "Women in Fintech MENA", "Community Lead", "Dubai, United Arab Emirates",
     "keep_in_touch", ["conference", "fintech"], 330, {"cadence_days": 60}),
    ("Mateo", "Rossi", "The Job Search Digest", "Editor", "Milan, Italy", "prospect", ["media"], None, {}),
    ("Grace", "Nwosu", "Stagecraft", "Speaker Coach", "Manchester, United Kingdom", "connected",
     ["mentor", "speaker"], 260,
     {"help_me": "Will rehearse the talk with me twice before the first conference.",
      "phones": [("mobile", "+44 7700 900123")]}),
    ("Ravi", "Krishnan", "PM Bangalore Meetup", "Host", "Bengaluru, India", "connected", ["conference"], 40, {}),
    ("Elena", "Popescu", "HR Tech Summit", "Events Manager", "Bucharest, Romania", "invited", ["conference"], None,
     {}),
    # --- Find a mentor in climate tech
    ("Astrid", "Nyberg", "Verdant Grid", "Chief Operating Officer", "Copenhagen, Denmark", "prospect",
     ["climate-tech"], None, {"notes": "Wrote a great piece on hiring product people for grid software."}),
    ("Diego", "Fernández", "Helio Carbon", "Founder", "Santiago, Chile", "invited", ["climate-tech"], None, {}),
    ("Mei", "Lin", "Tidewater Energy", "Director of Product", "Vancouver, Canada", "keep_in_touch",
     ["climate-tech", "mentor"], 40,
     {"help_me": "Moved from fintech to climate product in 2022: exactly the path I am weighing.",
      "help_them": "Looking for PMs with energy-customer experience; I know two clients who fit.",
      "cadence_days": 45, "urls": [("website", "https://meilin.example/blog")]}),
    ("Ben", "Carter", "Greenfield Ventures", "Partner", "Boston, United States", "not_a_fit",
     ["climate-tech", "investor"], 58, {"notes": "Only interested in deal flow; not a mentoring relationship."}),
    ("Sanne", "de Vries", "Polder Power", "Sustainability Product Manager", "Rotterdam, Netherlands", "connected",
     ["climate-tech", "alumni"], 510, {}),
    ("Kofi", "Boateng", "Terra Fellowship", "Climate Fellow", "London, United Kingdom", "keep_in_touch",
     ["climate-tech"], 610, {"cadence_days": 90}),
    # --- The box: contacts in no goal yet
    ("Jakub", "Nowak", "Vistula Data", "Data Engineer", "Kraków, Poland", "connected", ["alumni"], 900, {}),
    ("Aisha", "Bello", "", "QA Lead", "Abuja, Nigeria", "invited", [], None, {}),
    ("Thomas", "Müller", "Kappa Software", "Sales Director", "Munich, Germany", "not_a_fit", [], None,
     {"notes": "Wanted to sell an applicant-tracking plug-in."}),
    ("Lucía", "Navarro", "Mar Studio", "UX Researcher", "Barcelona, Spain", "connected", ["client"], 240,
     {"emails": [("personal", "lucia.navarro@correo.example")]}),
    ("Hiroshi", "Sato", "Kumo Robotics", "Engineering Director", "Osaka, Japan", "prospect", [], None, {}),
    ("Zanele", "Dlamini", "Ubuntu Health", "HR Business Partner", "Johannesburg, South Africa", "keep_in_touch",
     ["hr", "recruiter"], 350, {"cadence_days": 60}),
    ("Noa", "Levi", "Orchard Labs", "Product Designer", "Tel Aviv, Israel", "connected", [], 180, {}),
    ("Olga", "Ivanova", "Baltic Analytics", "Senior Data Scientist", "Tallinn, Estonia", "introduced", [], None,
     {"notes": "Call held: wants to move into product analytics. Decide after she sends her portfolio."}),
    ("Carlos", "Mendoza", "", "Teacher moving into product", "Bogotá, Colombia", "connected",
     ["client", "job-seeker"], 75, {"help_them": "Needs a portfolio project; I suggested the school timetable app."}),
    ("Sarah", "Whitfield", "Whitfield Resumes", "Resume Writer", "Sydney, Australia", "keep_in_touch",
     ["peer", "coaching"], 1100, {"cadence_days": 90, "help_them": "We swap overflow clients across time zones.",
                                  "phones": [("mobile", "+61 491 570 157")]}),
    ("Minh", "Nguyễn", "Saigon Soft", "Software Engineer", "Ho Chi Minh City, Vietnam", "invited", [], None, {}),
    ("Giulia", "Bianchi", "Vela Fintech", "Product Marketing Manager", "Rome, Italy", "connected", ["fintech"], 120,
     {}),
    ("Erik", "Johansson", "Volvo Cars", "Hiring Manager, Digital", "Gothenburg, Sweden", "prospect", [], None, {}),
    ("Layla", "Nasser", "Compass Careers", "Career Coach", "Amman, Jordan", "connected", ["coaching", "peer"], 200,
     {}),
    ("Patrick", "O'Neill", "Rapid Staffing Group", "Account Manager", "Boston, United States", "not_a_fit", [],
     None, {"notes": "Mass-messages every coach; declined."}),
    ("Ana Beatriz", "Souza", "Verde Bank", "Product Manager, Cards", "São Paulo, Brazil", "connected", ["fintech"],
     300, {}),
    ("Dmitri", "Volkov", "Tbilisi Code", "CTO", "Tbilisi, Georgia", "prospect", [], None, {}),
    ("Ji-woo", "Park", "Hanbit Design", "UX Lead", "Seoul, South Korea", "connected", ["alumni"], 730, {}),
    ("Fiona", "MacLeod", "University of Edinburgh", "Careers Consultant", "Edinburgh, United Kingdom",
     "keep_in_touch", ["alumni", "partner"], 1500, {"cadence_days": 120, "phones": [("work", "+44 131 496 0123")]}),
    ("Omar", "Khalil", "Ledgerly", "Co-Founder", "Cairo, Egypt", "invited", ["fintech"], None, {}),
    ("Rebecca", "Stein", "Harbor & Finch", "Talent Acquisition Lead", "New York, United States", "connected",
     ["recruiter"], 160,
     {"emails": [("work", "rebecca.stein@harborfinch.example")], "phones": [("work", "+1 212 555 0142")]}),
    ("Andile", "Khumalo", "", "Operations Analyst (job seeker)", "Durban, South Africa", "connected",
     ["job-seeker", "client"], 14, {"help_them": "Wants a first PM role; CV review booked for December."}),
    ("Nikolaos", "Papadopoulos", "Aegean Apps", "Product Owner", "Athens, Greece", "connected", [], 420, {}),
    ("Sophie", "Laurent", "Le Quotidien", "Careers Columnist", "Brussels, Belgium", "prospect", ["media"], None, {}),
    ("Rohan", "Desai", "", "Angel Investor", "Mumbai, India", "not_a_fit", ["investor"], None,
     {"notes": "Pitched a paid 'LinkedIn growth' scheme."}),
    ("Tanvir", "Ahmed", "Pocket Ledger", "Product Manager", "Dhaka, Bangladesh", "invited", ["fintech"], None, {}),
    ("Claire", "Dubois", "Helvetia Re", "Director, People Analytics", "Geneva, Switzerland", "keep_in_touch",
     ["mentor", "alumni"], 2200,
     {"cadence_days": 90, "notes": "My first manager. Wrote the LinkedIn recommendation on my profile.",
      "birthday": "1979-07-14"}),
]

# ----------------------------------------------------------------------------------------------- duplicates
# People who came in a second time from another address book, for Edit ▸ Find duplicates… to find: (contact
# number they duplicate, first, last, company, position, source, created days ago, extra). Appended after PEOPLE,
# without a profile URL of their own (the importer would have matched them by it).
DUPLICATES: list[tuple[int, str, str, str, str, str, int, dict[str, Any]]] = [
    # The same profile among the web addresses, written with a country host; a first name cut to its initial.
    (1, "P.", "Raman", "Lumen Pay", "Product lead", "google", 540,
     {"emails": [("personal", "priya.r@gmail.example")], "phones": [("work", "+44 20 7946 0321")],
      "urls": [("LinkedIn", "https://uk.linkedin.com/in/priya-raman-45e2abed/")],
      "notes": "From my phone's address book: met at Money20/20 Europe."}),
    # Without the accent, at the same bank.
    (2, "Tomas", "Herrera", "Kestrel Bank", "Treasury Analyst", "outlook", 440,
     {"emails": [("work", "t.herrera@kestrelbank.example")]}),
    # The same mobile number, written the British way (07700 … is +44 7700 … in the United Kingdom).
    (25, "Grace", "Nwosu", "", "", "vcard", 650,
     {"phones": [("mobile", "07700 900123")], "notes": "Playwright friend of Leila's."}),
]

# --------------------------------------------------------------------------------------------------- groups
# (name, purpose, colour, slots [(role, needed)], members [(contact number, slot role or "")]); numbers are
# 1-based positions in PEOPLE.
GROUPS: list[tuple[str, str, str, list[tuple[str, int]], list[tuple[int, str]]]] = [
    ("Land a product role in fintech",
     "A senior product role at a payments or banking company by spring 2027.", "#2E86AB",
     [("Hiring manager at a fintech", 2), ("Recruiter", 2), ("Insider referral", 1)],
     [(1, "Hiring manager at a fintech"), (4, "Hiring manager at a fintech"), (2, "Recruiter"), (5, "Recruiter"),
      (8, "Insider referral"), (3, ""), (6, ""), (10, ""), (49, "")]),
    ("Grow the coaching practice",
     "Ten new coaching clients a quarter, mostly through referral partners.", "#54A24B",
     [("Referral partner", 3), ("Podcast or newsletter", 1), ("Client testimonial", 2)],
     [(12, "Referral partner"), (13, "Referral partner"), (43, "Referral partner"), (16, "Podcast or newsletter"),
      (14, "Client testimonial"), (15, "Client testimonial"), (11, ""), (17, ""), (20, ""), (7, "")]),
    ("Speak at two conferences",
     "Give the “Connections or clutter?” talk at two events in 2027.", "#F58518",
     [("Program chair", 2), ("Speaker coach", 1)],
     [(22, "Program chair"), (21, ""), (25, "Speaker coach"), (23, ""), (26, ""), (27, ""), (24, "")]),
    ("Find a mentor in climate tech",
     "Someone who moved from product into climate, to test a pivot before the end of 2027.", "#72B7B2",
     [("Mentor", 1), ("Warm introduction", 2)],
     [(30, "Mentor"), (32, "Warm introduction"), (28, ""), (29, ""), (31, ""), (33, "")]),
    ("Build a circle of trusted recruiters",
     "Five recruiters I trust, to whom I can send job seekers with confidence.", "#B279A2",
     [("Tech recruiter", 3), ("Agency recruiter", 2)],
     [(2, "Tech recruiter"), (54, "Tech recruiter"), (18, "Agency recruiter"), (9, "Agency recruiter"),
      (39, ""), (5, "")]),
]

# ---------------------------------------------------------------------------------------------- invitations
# (direction, contact number or None, name if no contact, message, sent days ago, state, reply, note,
#  transitions [(from, to, days ago)])
INVITATIONS: list[tuple[str, int | None, str, str, int, str, str, str, list[tuple[str, str, float]]]] = [
    ("incoming", 35, "", "", 2, "new", "", "", []),
    ("incoming", None, "Jordan Blake", LINKEDIN_DEFAULT, 1, "new", "", "", []),
    ("incoming", None, "Mark Ellison", "", 3, "new", "", "", []),
    ("incoming", 44, "", LINKEDIN_DEFAULT, 12, "asked", "", "Asked how I can help; no answer yet.",
     [("new", "asked", 10)]),
    ("incoming", 59, "", "Hi, I'd like to join your network.", 4, "asked", "", "",
     [("new", "asked", 3)]),
    ("incoming", 16, "", "Hi! I host the CareerLab podcast and would love to have you on to talk about job search "
     "in 2027.", 9, "replied",
     "Wants a 30-minute episode on networking for career switchers; recording in January.", "",
     [("new", "asked", 8), ("asked", "replied", 6)]),
    ("incoming", 27, "", "We're putting together the HR Tech Summit speaker line-up and your posts came up.", 7,
     "replied", "Looking for a practical session on candidate networking; 25 minutes plus Q&A.", "",
     [("new", "asked", 6), ("asked", "replied", 5)]),
    ("incoming", 36, "", LINKEDIN_DEFAULT, 30, "declined", "Sells an applicant-tracking plug-in; wanted a demo.",
     "", [("new", "asked", 29), ("asked", "replied", 27), ("replied", "declined", 26)]),
    ("incoming", 48, "", "", 21, "declined", "", "Bulk invitation from a staffing agency.",
     [("new", "declined", 20)]),
    ("incoming", 55, "", "Hi, I saw your post about career switching. Could you look at my CV?", 24, "accepted",
     "Career switch from operations into product; needs CV help.", "",
     [("new", "asked", 23), ("asked", "replied", 22), ("replied", "accepted", 14)]),
    ("outgoing", 5, "", "Hi Sofia, I coach product people moving into fintech and would value your view on the "
     "Stockholm market.", 6, "new", "", "", []),
    ("outgoing", 21, "", "Hello Aiko-san, I enjoyed the ProductCamp talks online and would like to propose a "
     "session for next year.", 12, "new", "", "Follow up after the CFP opens.", []),
    ("outgoing", 29, "", "", 5, "new", "", "", []),
    ("outgoing", 53, "", "Hi Omar, fellow fintech enthusiast here. Would love to hear how Ledgerly started.", 16,
     "new", "", "", []),
    ("outgoing", 30, "", "Hi Mei, your move from payments to climate product is exactly the path I'm weighing. "
     "Could we talk?", 45, "accepted", "", "", [("new", "accepted", 40)]),
    ("outgoing", 4, "", "", 27, "accepted", "", "Met at the Berlin fintech meetup.", [("new", "accepted", 25)]),
    ("outgoing", 31, "", "Hi Ben, I'm looking for a mentor in climate tech.", 60, "accepted", "", "",
     [("new", "accepted", 58)]),
]

# ------------------------------------------------------------------------------------------- introductions
# (contact, scheduled days from today, hour, minutes, agenda, notes, their needs, my offer, outcome, held?)
INTRODUCTIONS: list[tuple[int, float, int, int, str, str, str, str, str | None, bool]] = [
    (30, -30, 17, 45, "Her move from payments to climate product; what she would do differently.",
     "Generous with time. Suggests shadowing a grid-software discovery sprint.",
     "PMs who understand energy customers.", "Introductions to two coaching clients with utility backgrounds.",
     "keep_in_touch", True),
    (31, -50, 15, 30, "Mentoring in climate tech?",
     "Interested mainly in deal flow for the fund.", "Deal flow.", "Not much I can offer.", "not_a_fit", True),
    (55, -15, 18, 30, "Career switch from operations into product.",
     "Strong analytical background; needs help telling the story.", "A first PM role.",
     "CV rewrite and two mock interviews.", "connect", True),
    (13, -8, 11, 45, "Could Fjord Partners subcontract CV work?",
     "They handle outplacement for three Nordic banks.", "A reliable CV writer for English-language CVs.",
     "Capacity for about four clients a month.", None, True),
    (20, -4, 16, 30, "Interview practice for bootcamp graduates.", "Monthly cohort of 30 graduates.",
     "A workshop on networking and mock interviews.", "A monthly online workshop.", None, True),
    (41, -10, 9, 30, "Her move from data science into product analytics.",
     "Sharp; unsure whether she wants management.", "A portfolio review.", "Feedback on two case studies.",
     None, True),
    (4, 2, 15, 30, "Finlo's product organisation; what they look for in senior PMs.", "", "", "", None, False),
    (26, 6, 13, 45, "A talk at PM Bangalore in the spring.", "", "", "", None, False),
    (32, 9, 10, 30, "Who to talk to at Polder Power about climate product roles.", "", "", "", None, False),
    (16, 14, 14, 60, "Podcast prep: episode on networking for career switchers.", "", "", "", None, False),
]

# ---------------------------------------------------------------------------------------------- interactions
# (contact, kind, days from today, note, introduction number or None)
INTERACTIONS: list[tuple[int, str, float, str, int | None]] = [
    (1, "meeting", -200, "Coffee at the Lumen Pay office; talked about their PM career ladder.", None),
    (1, "help_given", -120, "Shared my structured-interview rubric for PM hiring.", None),
    (1, "message", -12, "Asked whether the senior PM role in payments is still planned for Q1.", None),
    (2, "referral_given", -95, "Sent him Arjun's CV for the analytics role.", None),
    (2, "call", -41, "Quarterly catch-up on the Madrid hiring market.", None),
    (3, "message", -70, "Congratulated her on the merchant-payments launch.", None),
    (4, "message", -24, "Thanks for connecting; proposed a call.", None),
    (7, "help_received", -300, "Reviewed my fintech case-study deck line by line.", None),
    (7, "referral_received", -150, "Referred a client who needed a CV rewrite.", None),
    (7, "call", -25, "Monthly mentoring call.", None),
    (8, "help_received", -33, "Offered to pass my CV to Priya when the role opens.", None),
    (9, "call", -20, "Bilingual product candidates: what the Paris market wants.", None),
    (11, "meeting", -60, "Video call about outplacement support for the spring restructuring.", None),
    (12, "help_given", -75, "Free CV workshop for recent graduates (40 attendees).", None),
    (13, "call", -8, "Introduction call.", 4),
    (14, "help_given", -55, "Rewrote CV and LinkedIn headline.", None),
    (14, "message", -5, "He has two interviews next week.", None),
    (15, "recommendation", -200, "Wrote a LinkedIn recommendation for her portfolio work.", None),
    (15, "help_received", -190, "Gave a video testimonial for my website.", None),
    (17, "referral_received", -110, "Referred an executive client.", None),
    (17, "referral_given", -45, "Sent her a VP who needed executive coaching.", None),
    (18, "message", -30, "Shared two job seekers' profiles.", None),
    (20, "call", -4, "Introduction call.", 5),
    (22, "meeting", -140, "Met at CareerCon Europe; he invited me to submit for 2027.", None),
    (23, "call", -50, "Women in Fintech MENA: possible panel in March.", None),
    (25, "help_received", -35, "First rehearsal of the talk; cut it from 40 to 25 minutes.", None),
    (30, "call", -30, "Introduction call.", 1),
    (30, "help_given", -21, "Introduced her to two clients with utility backgrounds.", None),
    (31, "call", -50, "Introduction call.", 2),
    (33, "message", -95, "Sent him the climate-careers reading list.", None),
    (39, "call", -10, "Healthcare HR roles opening in January.", None),
    (41, "call", -10, "Introduction call.", 6),
    (42, "help_given", -40, "Suggested a portfolio project and reviewed the first draft.", None),
    (43, "referral_given", -30, "Passed on an Australian client who needed a CV in my time zone.", None),
    (47, "meeting", -65, "Peer supervision session for career coaches.", None),
    (52, "help_given", -150, "Guest session for the university's careers week.", None),
    (54, "referral_received", -18, "Asked me to coach a candidate before a final round.", None),
    (55, "call", -15, "Introduction call.", 3),
    (55, "help_given", -9, "First pass on his CV.", None),
    (60, "recommendation", -700, "Wrote a LinkedIn recommendation for me.", None),
    (60, "call", -100, "Catch-up; she suggested the people-analytics angle for the talk.", None),
]


# ---------------------------------------------------------------------------------------------------- build


def build() -> dict[str, Any]:
    memberships: dict[int, list[str]] = {}
    for name, _, _, _, members in GROUPS:
        for number, _ in members:
            memberships.setdefault(number, []).append(name)

    contacts = []
    urls: dict[int, str] = {}
    for number, (first, last, company, position, location, stage, tags, connected, extra) in enumerate(PEOPLE, 1):
        url = f"https://www.linkedin.com/in/{slug(first, last, vanity=number % 7 == 0)}"
        urls[number] = url
        created = -(connected if connected is not None else 5 + (number * 37) % 160)
        contacts.append(
            {
                "id": number,
                "first_name": first,
                "middle_name": extra.get("middle_name", ""),
                "last_name": last,
                "display_name": "",
                "company": company,
                "position": position,
                "location": location,
                "profile_url": url,
                "emails": [{"label": label, "value": value} for label, value in extra.get("emails", [])],
                "phones": [{"label": label, "value": value} for label, value in extra.get("phones", [])],
                "addresses": [],
                "urls": [{"label": label, "value": value} for label, value in extra.get("urls", [])],
                "birthday": extra.get("birthday", ""),
                "connected_on": on(-connected) if connected is not None else None,
                "notes": extra.get("notes", ""),
                "help_them": extra.get("help_them", ""),
                "help_me": extra.get("help_me", ""),
                "cadence_days": extra.get("cadence_days"),
                "stage": stage,
                "source": "linkedin" if connected is not None else "manual",
                "tags": sorted(tags),
                "groups": memberships.get(number, []),
                "extra": {},
                "photo": None,
                "created_at": at(created, 9, 15),
                "updated_at": at(max(created, -3 - number % 20), 18, 5),
                "deleted_at": None,
            }
        )

    for number, (_twin, first, last, company, position, source, created, extra) in enumerate(
        DUPLICATES, len(PEOPLE) + 1
    ):
        contacts.append(
            {
                "id": number, "first_name": first, "middle_name": "", "last_name": last, "display_name": "",
                "company": company, "position": position, "location": "", "profile_url": None,
                "emails": [{"label": label, "value": value} for label, value in extra.get("emails", [])],
                "phones": [{"label": label, "value": value} for label, value in extra.get("phones", [])],
                "addresses": [],
                "urls": [{"label": label, "value": value} for label, value in extra.get("urls", [])],
                "birthday": "", "connected_on": None, "notes": extra.get("notes", ""), "help_them": "", "help_me": "",
                "cadence_days": None, "stage": "connected", "source": source, "tags": [], "groups": [], "extra": {},
                "photo": None, "created_at": at(-created, 8, 0), "updated_at": at(-created, 8, 0), "deleted_at": None,
            }
        )  # fmt: skip

    groups = []
    for position, (name, purpose, colour, slots, members) in enumerate(GROUPS):
        groups.append(
            {
                "name": name,
                "purpose": purpose,
                "colour": colour,
                "position": position,
                "collapsed": False,
                "slots": [{"role": role, "needed": needed} for role, needed in slots],
                "members": [{"contact": number, "slot": role} for number, role in sorted(members)],
                "created_at": at(-90 + 10 * position, 20, 0),
                "updated_at": at(-2 - position, 20, 0),
            }
        )

    invitations = []
    for number, (direction, contact, name, message, sent, state, reply, note, steps) in enumerate(INVITATIONS, 1):
        if contact is not None:
            first, last = PEOPLE[contact - 1][0], PEOPLE[contact - 1][1]
            name = f"{first} {last}"
        changed = -min((days for _, _, days in steps), default=sent)
        invitations.append(
            {
                "id": number,
                "direction": direction,
                "name": name,
                "profile_url": urls[contact] if contact is not None else "",
                "message": message,
                "sent_at": at(-sent, 8 + number % 10, (number * 13) % 60),
                "state": state,
                "reply": reply,
                "note": note,
                "contact": contact,
                "events": [{"from": a, "to": b, "at": at(-days, 12, 30), "note": ""} for a, b, days in steps],
                "state_changed_at": at(changed, 12, 30) if steps else at(-sent, 8 + number % 10, 0),
                "created_at": at(-sent, 8 + number % 10, 0),
                "updated_at": at(changed, 12, 30) if steps else at(-sent, 8 + number % 10, 0),
            }
        )

    introductions = []
    for number, (contact, days, hour, minutes, agenda, notes, needs, offer, outcome, held) in enumerate(
        INTRODUCTIONS, 1
    ):
        introductions.append(
            {
                "id": number,
                "contact": contact,
                "scheduled_at": at(days, hour, 0),
                "duration_minutes": minutes,
                "agenda": agenda,
                "notes": notes,
                "their_needs": needs,
                "my_offer": offer,
                "outcome": outcome,
                "held_at": at(days, hour, minutes) if held else None,
                "created_at": at(min(days, 0) - 7, 9, 0),
                "updated_at": at(days, 20, 0) if held else at(-1, 9, 0),
            }
        )

    interactions = [
        {
            "contact": contact,
            "kind": kind,
            "occurred_at": at(days, 11 + (i % 7), (i * 7) % 60),
            "note": note,
            "introduction": intro,
            "created_at": at(days, 19, 0),
        }
        for i, (contact, kind, days, note, intro) in enumerate(sorted(INTERACTIONS, key=lambda x: (x[2], x[0])))
    ]

    return {
        "format": "linkorganizer",
        "version": 1,
        "contacts": contacts,
        "groups": groups,
        "invitations": invitations,
        "introductions": introductions,
        "interactions": interactions,
        "tags": sorted({tag for person in PEOPLE for tag in person[6]}),
        "settings": {},
    }


def check(document: dict[str, Any]) -> None:
    """Catch editing mistakes in the tables above before they reach a file."""
    count = len(document["contacts"])
    refs = [m["contact"] for g in document["groups"] for m in g["members"]]
    refs += [i["contact"] for i in document["invitations"] if i["contact"] is not None]
    refs += [i["contact"] for i in document["introductions"] + document["interactions"]]
    bad = [r for r in refs if not 1 <= r <= count]
    assert not bad, f"references to contacts that do not exist: {bad}"
    for group in document["groups"]:
        roles = {s["role"] for s in group["slots"]}
        stray = [m["slot"] for m in group["members"] if m["slot"] and m["slot"] not in roles]
        assert not stray, f"{group['name']}: members in unknown slots {stray}"
    intro_ids = {i["id"] for i in document["introductions"]}
    assert all(i["introduction"] in intro_ids for i in document["interactions"] if i["introduction"] is not None)
    names = [(c["first_name"], c["last_name"]) for c in document["contacts"][: len(PEOPLE)]]
    assert len(set(names)) == len(names), "two contacts share a name"
    for twin, *_ in DUPLICATES:
        assert 1 <= twin <= len(PEOPLE), f"a duplicate of contact {twin}, who does not exist"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(args[0]) if args else DEFAULT_OUT
    document = build()
    check(document)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(document, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    print(
        f"wrote {out}: {len(document['contacts'])} contacts, {len(document['groups'])} groups, "
        f"{len(document['invitations'])} invitations, {len(document['introductions'])} introductions, "
        f"{len(document['interactions'])} interactions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
