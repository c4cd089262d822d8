"""Generate synthetic exports in the exact real layouts (LinkedIn formats.md §1, X §2, Facebook §3, Instagram §4,
Reddit §5), with planted PII and its truth.

Every person, company and value here is invented. Usage:
    python sample_exports/generate.py --out sample_exports --seed 7            # the bundled Basic + Complete
    python sample_exports/generate.py --out /tmp/big --seed 1 --records 200000 # a large Complete export
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

CONNECTIONS_NOTE = (
    "When exporting your connection data, you may notice that some of the email addresses are missing. You will "
    "only see email addresses for connections who have allowed their connections to see or download their email "
    "address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    "https://www.linkedin.com/help/linkedin/answer/261"
)
FIRST = """
Avery Noor Kai Mira Jonas Leila Tomas Ingrid Rafael Priya Malik Sofia Henrik Amara Diego Yuki Elena
Marcus Zara Felix Hana Omar Clara Nikolai Ines Tariq Freya Mateo Alina Kofi Greta Lucas Ayesha Bruno
Signe Emil Nadia Pablo Talia Viktor Rosa Samuel Maya Anton Lena Joel Farah Oskar Celine Idris
""".split()
LAST = """
Quillfeather Marchetti Okonkwo Lindqvist Haverford Castellane Brightwater Delacroix Nakamura
Ferreira Abernathy Kowalczyk Vasquez Thornbury Achterberg Mbeki Rasmussen Villanueva Oyelaran
Hollingsworth Szymanski Albescu Fairweather Lindgren Montague Okafor Petrakis Rowntree Sandoval
Tremblay Ulvaeus Westergaard Yilmaz Zielinski Barrington Calloway Dunmore Eriksdottir Galloway
Hargreave
""".split()
COMPANIES = ("Northwind Labs", "Contoso", "Fabrikam", "Tailspin Toys", "Litware Systems", "Adatum Analytics",
             "Proseware", "Wingtip Solutions", "Woodgrove Data", "Lamna Health")
TITLES = ("Staff Engineer", "Data Engineer", "Product Manager", "Engineering Manager", "Designer", "Analyst",
          "Researcher", "Recruiter", "CTO", "Platform Engineer")
CITIES = ("Lisbon", "Rotterdam", "Toronto", "Melbourne", "Nairobi", "Valencia", "Hamburg", "Osaka")
NEUTRAL = (
    "Shipped the new ingest path today.", "Lessons learned from a year of stream processing.",
    "Hiring for two roles on the platform team.", "Slides from the meetup are up.",
    "Three things I wish I had known about schema migrations.", "Great turnout at the workshop.",
    "Our team is growing and we are looking for curious people.", "Small tools beat big frameworks.",
    "Wrote up how we cut our build time in half.", "Proud of what the team delivered this quarter.",
    "Thanks everyone for the feedback on the parser rewrite.", "Quick poll: tabs or spaces in CSV exports?",
)
REPLIES = ("Congrats, well deserved!", "Agreed.", "Thanks for sharing this.", "Very useful, bookmarking.",
           "This matches what we saw too.", "Looking forward to the next one.", "Nice write-up.")
CHAT = ("Could we sync on the parser work next week?", "Tuesday or Wednesday both work.", "Sounds good, thanks!",
        "Sharing the doc now.", "Happy to help with the review.", "Let me check and get back to you.",
        "Are you going to the conference?", "Thanks for the intro.")
EPOCH_START = datetime(2019, 1, 1, tzinfo=UTC)
EPOCH_END = datetime(2026, 11, 20, tzinfo=UTC)


@dataclass
class Person:
    first: str
    last: str
    company: str
    title: str
    email: str | None
    phone: str
    slug: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Export:
    rng: random.Random
    member: Person
    member_id: int
    suffix: bool
    files: dict[str, str] = field(default_factory=dict)
    truth: list[dict[str, object]] = field(default_factory=list)
    end: datetime = EPOCH_END  # the day the export was made: nothing in it is newer
    texts: list[dict[str, str]] = field(default_factory=list)  # every scored text's language and kind, if listed

    def when(self, start: datetime = EPOCH_START, end: datetime | None = None) -> datetime:
        span = int((min(end or self.end, self.end) - start).total_seconds())
        return start + timedelta(seconds=self.rng.randrange(span))

    def name(self, base: str) -> str:
        return f"{base}_{self.member_id}.csv" if self.suffix else f"{base}.csv"


def luhn_number(rng: random.Random, prefix: str = "4", length: int = 16) -> str:
    digits = [int(d) for d in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def iban(rng: random.Random) -> str:
    bban = "".join(str(rng.randrange(10)) for _ in range(18))
    numeric = int("".join(str(int(c, 36)) for c in bban + "DE00"))
    return f"DE{98 - numeric % 97:02d}{bban}"


def csv_text(header: list[str], rows: list[list[str]], quote_all: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")  # LinkedIn writes no newline after the last row


def planted_text(export: Export, file: str, row: int, column: str, people: list[Person],
                 base: tuple[str, ...]) -> str:
    """A sentence from `base`, sometimes with one planted PII item recorded in the truth list.

    Names, e-mails, phones and links are common in real posts and messages; card numbers and IBANs rare."""
    rng = export.rng
    text = rng.choice(base)
    kind = rng.choices(["none", "person", "email", "phone", "card", "iban", "ip", "url", "location", "own"],
                       [45, 22, 8, 6, 1, 1, 2, 6, 5, 4])[0]
    if kind == "none":
        return text
    other = rng.choice(people)
    value, entity, third = {
        "person": (other.full, "PERSON", True),
        "email": (other.email or f"{other.first.lower()}@example.net", "EMAIL_ADDRESS", True),
        "phone": (other.phone, "PHONE_NUMBER", True),
        "card": (luhn_number(rng), "CREDIT_CARD", False),
        "iban": (iban(rng), "IBAN_CODE", False),
        "ip": (f"203.0.113.{rng.randrange(1, 255)}", "IP_ADDRESS", False),
        "url": (f"https://blog.example.com/{rng.choice(LAST).lower()}-{rng.randrange(100, 999)}", "URL", False),
        "location": (rng.choice(CITIES), "LOCATION", False),
        "own": (export.member.email or "", "EMAIL_ADDRESS", False),
    }[kind]
    lead = {
        "PERSON": f"Great working with {value} on this.", "EMAIL_ADDRESS": f"Write to {value} for details.",
        "PHONE_NUMBER": f"You can call {value} after five.", "CREDIT_CARD": f"The booking used card {value} again.",
        "IBAN_CODE": f"Please transfer it to {value} by Friday.", "IP_ADDRESS": f"The staging host is {value} now.",
        "URL": f"More at {value} if useful.", "LOCATION": f"Moving to {value} next month.",
    }[entity]
    export.truth.append({"source_file": file, "source_row": row, "column": column, "entity_type": entity,
                         "value": value, "third_party": third})
    return f"{text} {lead}"


def make_people(rng: random.Random, count: int) -> list[Person]:
    combos = [(f, surname) for f in FIRST for surname in LAST]
    rng.shuffle(combos)
    people = []
    for first, last in combos[:count]:
        slug = f"{first}-{last}".lower()
        email = f"{first}.{last}@example.org".lower() if rng.random() < 0.3 else None
        phone = f"+1 206-555-01{rng.randrange(10)}{rng.randrange(10)}"
        people.append(Person(first, last, rng.choice(COMPANIES), rng.choice(TITLES), email, phone, slug))
    return people


def build(kind: str, seed: int, scale: float, geo: str) -> Export:
    rng = random.Random(seed)
    people = make_people(rng, min(int(400 * scale) + 20, len(FIRST) * len(LAST) - 1))
    member = people.pop(0)
    member.email = f"{member.first}.{member.last}@example.com".lower()
    export = Export(rng, member, 918273645, suffix=kind == "complete")
    scale = scale if kind == "complete" else scale * 0.4
    connections = people[: max(int(len(people) * 0.95), 1)]
    me = member

    export.files["Profile.csv"] = csv_text(
        ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary", "Industry",
         "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"],
        [[me.first, me.last, "", "", "1988-04-12" if kind == "complete" else "Apr 12", f"{me.title} | Data tooling",
          "Builds small, sharp tools.\nSecond paragraph about data pipelines.", "Software Development", "",
          geo, f"[{me.first.lower()}q]", f"[PERSONAL:https://{me.slug}.example,BLOG:https://blog.example.com]",
          f"[SKYPE:{me.first.lower()}.q]"]])
    export.files["Email Addresses.csv"] = csv_text(
        ["Email Address", "Confirmed", "Primary", "Updated On"],
        [[me.email or "", "Yes", "Yes", "Not Available"], [f"{me.first}.old@example.net".lower(), "Yes", "No",
                                                            "6/11/14, 7:26 PM"]])
    export.files["PhoneNumbers.csv"] = csv_text(["Extension", "Number", "Type"], [["", me.phone, "Mobile"]])
    export.files["Registration.csv"] = csv_text(["Registered At", "Registration Ip", "Subscription Types"],
                                                [["3/2/11, 6:48 PM", "203.0.113.7", "Free"]])
    export.files["Positions.csv"] = csv_text(
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        [["Northwind Labs", "Staff Engineer", "Led the ingest rewrite.\nMentored three engineers.",
          "Seattle, Washington", "Mar 2021", ""],
         ["Contoso", "Software Engineer", "Billing service.", "Remote", "Jan 2018", "Feb 2021"]])
    export.files["Education.csv"] = csv_text(
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        [["Example State University", "2012", "2016", "", "BSc, Computer Science", "Chess club, Robotics"]])
    export.files["Skills.csv"] = csv_text(["Name"], [[s] for s in ("Python", "Stream Processing", "SQL", "Rust")])
    export.files["Languages.csv"] = csv_text(["Name", "Proficiency"],
                                             [["English", "Native or bilingual proficiency"]])
    export.files["Certifications.csv"] = csv_text(
        ["Name", "Url", "Authority", "Started On", "Finished On", "License Number"],
        [["Cloud Practitioner", "https://cert.example/abc", "Example Cloud", "Feb 2025", "", "ABC-123"]])
    export.files["Profile Summary.csv"] = csv_text(["Profile Summary"], [["I build internal tools."]])

    connection_rows = [["", "", "", "", "", "", export.when().strftime("%d %b %Y")]]  # a hidden profile
    for p in connections:
        connection_rows.append([p.first, p.last, f"https://www.linkedin.com/in/{p.slug}", p.email or "", p.company,
                                p.title, export.when(datetime(2012, 1, 1, tzinfo=UTC)).strftime("%d %b %Y")])
    export.files["Connections.csv"] = (
        f'Notes:\n"{CONNECTIONS_NOTE}"\n\n'
        + csv_text(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
                   connection_rows))

    shares, name = [], export.name("Shares")
    for row in range(1, int(300 * scale) + 2):
        visibility = rng.choices(["PUBLIC", "MEMBER_NETWORK"], [80, 20])[0]
        text = planted_text(export, name, row, "ShareCommentary", connections, NEUTRAL)
        urn = f"urn%3Ali%3Ashare%3A{7000000000000000000 + row}"
        shares.append([export.when().strftime("%Y-%m-%d %H:%M:%S"), f"https://www.linkedin.com/feed/update/{urn}",
                       text, "", "", visibility])
    export.files[name] = csv_text(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"],
                                  shares)

    comments, name = [], export.name("Comments")
    for row in range(1, int(400 * scale) + 2):
        activity = 7100000000000000000 + row
        comments.append([export.when().strftime("%Y-%m-%d %H:%M:%S"),
                         f"https://www.linkedin.com/feed/update/urn:li:activity:{activity}",
                         planted_text(export, name, row, "Message", connections, REPLIES)])
    export.files[name] = csv_text(["Date", "Link", "Message"], comments)

    export.files[export.name("Reactions")] = csv_text(["Date", "Type", "Link"], [
        [export.when().strftime("%Y-%m-%d %H:%M:%S"), rng.choice(["LIKE", "PRAISE", "EMPATHY", "INTEREST"]),
         f"https://www.linkedin.com/feed/update/urn:li:activity:{7200000000000000000 + i}"]
        for i in range(int(600 * scale) + 1)])
    export.files[export.name("Votes")] = csv_text(["Date", "Link", "OptionText"], [
        [export.when().strftime("%Y-%m-%d %H:%M:%S"),
         f"https://www.linkedin.com/feed/update/urn:li:activity:{7300000000000000000 + i}", "Option B"]
        for i in range(int(20 * scale) + 1)])
    export.files[export.name("InstantReposts")] = csv_text(["Date", "Link"], [
        [export.when().strftime("%Y-%m-%d %H:%M:%S"),
         f"https://www.linkedin.com/feed/update/urn:li:activity:{7400000000000000000 + i}"]
        for i in range(int(30 * scale) + 1)])

    message_rows = []
    header = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS",
              "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS", "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"]
    row = 0
    while row < int(3000 * scale) + 1:
        peer = rng.choice(connections)
        conversation = f"2-{rng.getrandbits(64):016x}"
        start = export.when()
        for turn in range(rng.randrange(2, 8)):
            row += 1
            outgoing = turn % 2 == 0
            sender, recipient = (me, peer) if outgoing else (peer, me)
            content = planted_text(export, "messages.csv", row, "CONTENT", connections, CHAT)
            message_rows.append([
                conversation, "", sender.full, f"https://www.linkedin.com/in/{sender.slug}", recipient.full,
                f"https://www.linkedin.com/in/{recipient.slug}",
                (start + timedelta(minutes=17 * turn)).strftime("%Y-%m-%d %H:%M:%S UTC"), "", content, "INBOX",
                "", "No", "No"])
    export.files["messages.csv"] = csv_text(header, message_rows)
    export.files["guide_messages.csv"] = csv_text(header[:10], [])
    export.files["LearningCoachMessages.csv"] = "No conversations found"

    invitations = []
    for i, peer in enumerate(rng.sample(connections, min(len(connections), int(40 * scale) + 2))):
        incoming = i % 2 == 1
        sent = export.when(datetime(2024, 6, 1, tzinfo=UTC))
        stamp = f"{sent.month}/{sent.day}/{sent.strftime('%y')}, {int(sent.strftime('%I'))}:{sent:%M} {sent:%p}"
        message = planted_text(export, "Invitations.csv", i + 1, "Message", connections, ("Hi, met you at the meetup.",)
                               ) if incoming else ""
        a, b = (peer, me) if incoming else (me, peer)
        invitations.append([a.full, b.full, stamp, message, "INCOMING" if incoming else "OUTGOING",
                            f"https://www.linkedin.com/in/{a.slug}", f"https://www.linkedin.com/in/{b.slug}"])
    export.files["Invitations.csv"] = csv_text(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"], invitations)

    export.files["Endorsement_Received_Info.csv"] = csv_text(
        ["Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name", "Endorser Public Url",
         "Endorsement Status"],
        [[export.when().strftime("%Y/%m/%d %H:%M:%S UTC"), rng.choice(["Python", "SQL"]), p.first, p.last,
          f"www.linkedin.com/in/{p.slug}", "ACCEPTED"] for p in connections[:25]])
    export.files["Endorsement_Given_Info.csv"] = csv_text(
        ["Endorsement Date", "Skill Name", "Endorsee First Name", "Endorsee Last Name", "Endorsee Public Url",
         "Endorsement Status"],
        [[export.when().strftime("%Y/%m/%d %H:%M:%S UTC"), "Data Modeling", p.first, p.last,
          f"www.linkedin.com/in/{p.slug}", "ACCEPTED"] for p in connections[25:40]])
    recs = []
    for i, p in enumerate(connections[40:46]):
        text = planted_text(export, "Recommendations_Received.csv", i + 1, "Text", connections,
                            (f"{me.first} ships carefully and explains clearly.",))
        export.truth.append({"source_file": "Recommendations_Received.csv", "source_row": i + 1, "column": "Text",
                             "entity_type": "PERSON", "value": me.first, "third_party": False})
        recs.append([p.first, p.last, p.company, p.title, text, "07/22/24, 10:16 PM", "VISIBLE"])
    export.files["Recommendations_Received.csv"] = csv_text(
        ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"], recs)

    export.files["Learning.csv"] = csv_text(
        ["Content Title", "Content Description", "Content Type", "Content Last Watched Date (if viewed)",
         "Content Completed At (if completed)", "Content Saved", "Notes taken on videos (if taken)", ""],
        [["Intro to Stream Processing", "Short course on windows and joins.", "COURSE", "2024-11-05 18:42 UTC",
          "2024-11-09 20:01 UTC", "false", "", ""],
         ["Query Planning Basics", "Video on planners.", "VIDEO", "2025-01-10 07:15 UTC", "N/A", "true", "N/A", ""]])
    export.files["SearchQueries.csv"] = csv_text(["Time", "Search Query"], [
        [export.when().strftime("%Y/%m/%d %H:%M:%S UTC"), rng.choice(["data engineer lisbon", "stream processing",
                                                                       "rust jobs remote"])]
        for _ in range(int(80 * scale) + 1)])
    export.files["Company Follows.csv"] = csv_text(["Organization", "Followed On"], [
        [c, export.when().strftime("%a %b %d %H:%M:%S UTC %Y")] for c in COMPANIES[:6]])
    export.files["Ad_Targeting.csv"] = csv_text(
        ["Member Age", "Company Names", "Company Names", "Job Titles", "Job Titles", "Member Interests",
         "Profile Locations", "Years of Experience"],
        [["25-34", "Contoso;Fabrikam", "Northwind Labs", "Staff Engineer", "Data Engineer",
          "Data Engineering;Open Source", geo, "6-10"]])
    export.files["Inferences_about_you.csv"] = csv_text(
        ["Category", "Type of inference", "Description", "Inference"],
        [["Inferred interests", "Interested in cycling", "Derived from your activity", "Yes"]])
    export.files["Jobs/Job Applications.csv"] = csv_text(
        ["Application Date", "Contact Email", "Contact Phone Number", "Company Name", "Job Title", "Job Url",
         "Resume Name", "Question And Answers"],
        [["4/18/23, 1:57 PM", me.email or "", me.phone, "Contoso", "Backend Engineer",
          "http://www.linkedin.com/jobs/view/1000000001", "cv.pdf", "Years of Python?:6 | Notice period?:30 days"]])
    export.files["Jobs/Saved Jobs.csv"] = csv_text(["Saved Date", "Job Url", "Job Title", "Company Name"], [
        ["7/14/26, 8:45 AM", "http://www.linkedin.com/jobs/view/1000000003", "Analytics Engineer", "Northwind Labs"]])
    export.files["Rich_Media.csv"] = csv_text(["Date/Time", "Media Description", "Media Link"], [
        ["You uploaded a profile photo on April 12, 2026 at 8:03 AM (GMT)", "", "https://media.licdn.example/abc"]])
    title = "Notes on CSV parsing"
    export.files["Articles/Articles/notes-on-csv-parsing-7000.html"] = (
        f"<html><head><title>{title}</title><style>body{{font-family:serif}}</style></head><body>"
        f'<h1><a href="https://www.linkedin.com/pulse/notes-on-csv-parsing-{me.slug}">{title}</a></h1>'
        "<p>Quoted fields contain commas and real newlines.</p><p>Never split on newlines first.</p></body></html>")
    if kind == "complete":
        export.files["Logins.csv"] = csv_text(["Login Date", "IP Address", "User Agent", "Login Type"], [
            [export.when().strftime("%Y-%m-%d %H:%M:%S UTC"), f"198.51.100.{rng.randrange(1, 255)}",
             "Mozilla/5.0 (X11; Linux x86_64)", "PASSWORD"] for _ in range(int(50 * scale) + 1)])
        export.files["Receipts_v2.csv"] = csv_text(
            ["First Name", "Last Name", "Billing Country", "Postal Code", "Transaction Made At", "Payment Method Type",
             "Invoice Number", "Description", "Tax Amount", "Sub Total", "Total Amount", "Currency Code"],
            [[me.first, me.last, "United States", "98101", "2025-01-15 10:00:00 UTC", "CARD_VISA", "INV-0001",
              "Premium Career (monthly)", "3.00", "29.99", "32.99", "USD"]])
        export.files["Contacts.csv"] = csv_text(
            ["Source", "FirstName", "LastName", "Companies", "Title", "Emails", "PhoneNumbers", "CreatedAt",
             "Addresses", "Sites", "InstantMessageHandles", "FullName", "Birthday", "Location", "BookmarkedAt",
             "Profiles"],
            [["GOOGLE_CONTACTS", p.first, p.last, p.company, "", p.email or "", p.phone, "2021-03-04 10:00:00 UTC",
              "", "", "", p.full, "", "", "", ""] for p in connections[:30]])
        export.files[export.name("Member_Follows")] = csv_text(["Date", "Status", "FullName"], [
            ["2025-04-01", "Active", p.full] for p in connections[46:52]])
    return export


SUBREDDITS = ("transitnerds", "python", "dataengineering", "rust", "askhistorians", "cycling", "homelab")
HANDLE_WORDS = ("quiet", "tidepool", "lantern", "fox", "copper", "meadow", "orbit", "paper", "velvet", "harbor",
                "cinder", "maple", "atlas", "pixel", "river", "stone")


def _handle(rng: random.Random) -> str:
    return f"{rng.choice(HANDLE_WORDS)}_{rng.choice(HANDLE_WORDS)}{rng.randrange(10, 99)}"


def _reddit_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def build_reddit(seed: int, scale: float) -> Export:
    """A Reddit "Request a copy of your data" export (formats.md §5): a flat zip of CSVs with Reddit's headers,
    `YYYY-MM-DD HH:MM:SS UTC` dates, multi-line bodies, a BOM on one file and a `_1`/`_2` split."""
    rng = random.Random(seed)
    people = make_people(rng, 80)
    member = people[0]
    member.email = member.email or f"{member.first.lower()}@example.com"  # planted as the member's own
    export = Export(rng, member, 0, False)
    username = _handle(rng)
    handles = {p.full: _handle(rng) for p in people[1:]}
    posts, comments, messages, chats = [], [], [], []
    for row in range(1, int(60 * scale) + 2):
        sub = rng.choice(SUBREDDITS)
        pid = f"1q{rng.randrange(36**4):x}"
        body = planted_text(export, "posts.csv", row, "body", people[1:], NEUTRAL)
        if rng.random() < 0.2:
            body += "\nSecond paragraph, with a map below."
        posts.append([pid, f"https://www.reddit.com/r/{sub}/comments/{pid}/post_{row}/", _reddit_time(export.when()),
                      "", sub, "0", f"Post {row} in r/{sub}", f"https://www.reddit.com/r/{sub}/comments/{pid}/",
                      body])
    for row in range(1, int(150 * scale) + 2):
        sub = rng.choice(SUBREDDITS)
        cid = f"mz{rng.randrange(36**5):x}"
        comments.append([cid, f"https://www.reddit.com/r/{sub}/comments/1qabc/x/{cid}/", _reddit_time(export.when()),
                         "", sub, "0", f"https://www.reddit.com/r/{sub}/comments/1qabc/x/", "t3_1qabc",
                         planted_text(export, "comments.csv", row, "body", people[1:], REPLIES), ""])
    partners = rng.sample(list(handles.values()), 12)
    for row in range(1, int(80 * scale) + 2):
        other = rng.choice(partners)
        sent = rng.random() < 0.5
        messages.append([f"3x{rng.randrange(36**4):x}", f"https://www.reddit.com/message/messages/{row}", "",
                         _reddit_time(export.when()), "", username if sent else other, other if sent else username,
                         "re: swap meet", planted_text(export, "messages.csv", row, "body", people[1:], CHAT)])
    for row in range(1, int(40 * scale) + 2):
        other = rng.choice(partners)
        chats.append([str(9000000 + row), _reddit_time(export.when()), "", rng.choice([username, other]),
                      planted_text(export, "chat_history.csv", row, "message", people[1:], CHAT), "",
                      f"sendbird_group_channel_{row % 5:04d}", "", "", "direct"])
    post_header = ["id", "permalink", "date", "ip", "subreddit", "gildings", "title", "url", "body"]
    comment_header = ["id", "permalink", "date", "ip", "subreddit", "gildings", "link", "parent", "body", "media"]
    half = len(comments) // 2
    for item in export.truth:  # comments are split in two files, each counting its rows from 1
        if item["source_file"] == "comments.csv":
            row = int(item["source_row"])  # type: ignore[call-overload]
            item["source_file"], item["source_row"] = (
                ("comments_1.csv", row) if row <= half else ("comments_2.csv", row - half))
    export.files = {
        "posts.csv": csv_text(post_header, posts),
        "post_headers.csv": csv_text([c for c in post_header if c not in ("title", "body")],
                                     [[r[0], r[1], r[2], r[3], r[4], r[5], r[7]] for r in posts]),
        "comments_1.csv": csv_text(comment_header, comments[:half]),
        "comments_2.csv": csv_text(comment_header, comments[half:]),
        "messages.csv": "\ufeff" + csv_text(["id", "permalink", "thread_id", "date", "ip", "from", "to", "subject",
                                             "body"], messages),
        "chat_history.csv": csv_text(["message_id", "created_at", "updated_at", "username", "message",
                                      "thread_parent_message_id", "channel_url", "subreddit", "channel_name",
                                      "conversation_type"], chats),
        "post_votes.csv": csv_text(["id", "permalink", "direction"], [
            [f"1q{i:x}", f"https://www.reddit.com/r/python/comments/1q{i:x}/t/", rng.choice(["up", "down"])]
            for i in range(int(200 * scale) + 1)]),
        "comment_votes.csv": csv_text(["id", "permalink", "direction"], [
            [f"mz{i:x}", f"https://www.reddit.com/r/rust/comments/1qz/t/mz{i:x}/", "up"]
            for i in range(int(120 * scale) + 1)]),
        "saved_posts.csv": csv_text(["id", "permalink"], [[p[0], p[1]] for p in posts[:5]]),
        "subscribed_subreddits.csv": csv_text(["subreddit"], [[s] for s in SUBREDDITS]),
        "friends.csv": csv_text(["username", "note"], [[h, ""] for h in partners[:4]]),
        "statistics.csv": csv_text(["statistic", "value"], [
            ["account name", username], ["export time", "2026-11-24 12:31:09 UTC"],
            ["registration date", "2015-03-02 18:48:00 UTC"], ["email verified", "True"],
            ["email address", member.email or f"{member.first.lower()}@example.com"]]),
        "user_preferences.csv": csv_text(["preference", "value"], [["nightmode", "True"], ["lang", "en"]]),
        "ip_logs.csv": csv_text(["date", "ip"], [["registration ip", "198.51.100.23"],
                                                 [_reddit_time(export.when()), "203.0.113.50"]]),
        "checkfile.csv": csv_text(["filename", "sha256"], [["posts.csv", "0" * 64]]),
    }
    export.member = Person(username, "", member.company, member.title,
                           member.email or f"{member.first.lower()}@example.com", member.phone, username)
    return export


def _ytd(global_name: str, items: list, part: int = 0) -> str:
    """X's data-file layout: `window.YTD.<name>.partN = [ ... ]`, pretty-printed with ' : ' (formats.md §2.1)."""
    return f"window.YTD.{global_name}.part{part} = " + json.dumps(items, indent=2).replace('": ', '" : ')


def build_x(seed: int, scale: float) -> Export:
    """An X "Download an archive of your data" export (formats.md §2): `Your archive.html`, `data/manifest.js`, and
    `data/*.js` files (tweets split into a part file, DMs as conversations, likes without dates)."""
    rng = random.Random(seed)
    people = make_people(rng, 80)
    member = people[0]
    member.email = member.email or f"{member.first.lower()}@example.com"  # planted as the member's own
    export = Export(rng, member, 0, False)
    handle = f"{member.first}_{member.last[:1]}".lower()
    tweets, dms = [], []
    for row in range(1, int(120 * scale) + 2):
        moment = export.when()
        mention = rng.choice(people[1:]) if rng.random() < 0.2 else None
        text = planted_text(export, "data/tweets.js", row, "full_text", people[1:], NEUTRAL)
        if mention:
            text = f"@{mention.first.lower()}_{mention.last[:1].lower()} {text}"
        tweets.append({"tweet": {
            "id_str": str(1700000000000000000 + row), "full_text": text.replace("&", "&amp;"), "lang": "en",
            "created_at": moment.strftime("%a %b %d %H:%M:%S +0000 %Y"), "favorite_count": str(rng.randrange(20)),
            "entities": {"hashtags": [], "urls": [], "user_mentions": [] if not mention else [
                {"name": mention.full, "screen_name": f"{mention.first.lower()}_{mention.last[:1].lower()}",
                 "id_str": str(1000000000 + rng.randrange(10**6))}]}}})
    message_row = 0  # the reader makes each message a record, numbered across the file's conversations
    for conversation in range(1, int(10 * scale) + 2):
        other = str(1000000000 + conversation)
        messages = []
        for n in range(rng.randrange(2, 8)):
            message_row += 1
            mine = rng.random() < 0.5
            messages.append({"messageCreate": {
                "recipientId": other if mine else "1000000001", "senderId": "1000000001" if mine else other,
                "reactions": [], "urls": [], "mediaUrls": [], "id": str(1600000000000000000 + conversation * 100 + n),
                "text": planted_text(export, "data/direct-messages.js", message_row, "text", people[1:], CHAT),
                "createdAt": export.when().strftime("%Y-%m-%dT%H:%M:%S.000Z")}})
        dms.append({"dmConversation": {"conversationId": f"1000000001-{other}", "messages": messages}})
    half = len(tweets) // 2
    for item in export.truth:  # the second half is written to the part file, whose rows count from 1 again
        row = int(item["source_row"])  # type: ignore[call-overload]
        if item["source_file"] == "data/tweets.js" and row > half:
            item["source_file"], item["source_row"] = "data/tweets-part1.js", row - half
    export.files = {
        "Your archive.html": "<!doctype html><title>Your archive</title>",
        "data/manifest.js": "window.__THAR_CONFIG = " + json.dumps({
            "userInfo": {"accountId": "1000000001", "userName": handle, "displayName": member.full},
            "archiveInfo": {"generationDate": "2026-11-24T10:00:00.000Z", "isPartialArchive": False}}),
        "data/account.js": _ytd("account", [{"account": {
            "email": member.email or f"{member.first.lower()}@example.com", "createdVia": "web", "username": handle,
            "accountId": "1000000001", "createdAt": "2012-09-17T21:35:48.000Z", "accountDisplayName": member.full}}]),
        "data/profile.js": _ytd("profile", [{"profile": {"description": {
            "bio": "Tools & trains.", "website": "https://t.co/AbCdEf1234", "location": rng.choice(CITIES)}}}]),
        "data/tweets.js": _ytd("tweets", tweets[:half]),
        "data/tweets-part1.js": _ytd("tweets", tweets[half:], part=1),
        "data/like.js": _ytd("like", [{"like": {"tweetId": str(1690000000000000000 + i),
                                                "fullText": rng.choice(NEUTRAL),
                                                "expandedUrl": f"https://twitter.com/i/web/status/{i}"}}
                                      for i in range(int(60 * scale) + 1)]),
        "data/follower.js": _ytd("follower", [{"follower": {"accountId": str(1000000100 + i),
                                                            "userLink": f"https://twitter.com/intent/user?user_id={i}"}}
                                              for i in range(int(40 * scale) + 1)]),
        "data/direct-messages.js": _ytd("direct_messages", dms),
        "data/ip-audit.js": _ytd("ip_audit", [{"ipAudit": {"accountId": "1000000001", "loginIp": "203.0.113.10",
                                                           "createdAt": "2026-06-14T09:12:57.301Z"}}]),
        "data/account-suspension.js": "window.YTD.account_suspension.part0 = [ ]",
    }
    export.member = Person(member.full, "", member.company, member.title,
                           member.email or f"{member.first.lower()}@example.com", member.phone, handle)
    return export


PLACES = ("Lisbon, Portugal", "Rotterdam, Netherlands", "Toronto, Ontario", "Melbourne, Australia", "Nairobi, Kenya",
          "Valencia, Spain", "Hamburg, Germany", "Osaka, Japan")
# Meta's people write in many languages: accented names show that the mojibake repair gives them back intact.
ACCENTED = {"Zara": "Zoë", "Joel": "José", "Signe": "Søren", "Ines": "Inês", "Lena": "Léna", "Oskar": "Óscar",
            "Emil": "Émile", "Rosa": "Rosário"}


def meta_json(value: object) -> str:
    """Meta's JSON: every non-ASCII character written as its UTF-8 bytes, each escaped as \\u00XX (formats.md §3.9)."""
    def escape(item: object) -> object:
        if isinstance(item, str):
            return item.encode("utf-8").decode("latin-1")
        if isinstance(item, list):
            return [escape(i) for i in item]
        if isinstance(item, dict):
            return {escape(k): escape(v) for k, v in item.items()}  # type: ignore[misc]
        return item
    return json.dumps(escape(value), indent=2, ensure_ascii=True)


def _meta_people(rng: random.Random, count: int) -> list[Person]:
    people = make_people(rng, count)
    for person in people:
        person.first = ACCENTED.get(person.first, person.first)
    return people


def _ts(moment: datetime) -> int:
    return int(moment.timestamp())


def _named(export: Export, file: str, row: int, column: str, person: Person | str, third: bool) -> str:
    """A name (or username) Meta writes into an item (a title, a tag, a media owner): truth, as planted text is."""
    value = person if isinstance(person, str) else person.full
    export.truth.append({"source_file": file, "source_row": row, "column": column, "entity_type": "PERSON",
                         "value": value, "third_party": third})
    return value


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _thread(export: Export, file: str, other: Person, count: int, e2ee: bool = False) -> dict:
    """A Messenger-format conversation, newest message first (formats.md §3.8)."""
    messages = []
    for _ in range(count):
        mine = export.rng.random() < 0.5
        messages.append({"sender_name": export.member.full if mine else other.full,
                         "timestamp_ms": _ts(export.when()) * 1000 + export.rng.randrange(1000),
                         "content": "", "is_geoblocked_for_viewer": False})
    messages.sort(key=lambda m: -m["timestamp_ms"])
    for row, message in enumerate(messages, start=1):
        message["content"] = planted_text(export, file, row, "content", [other], CHAT)
    slug = _ascii(f"{other.first}{other.last}").lower()
    return {"participants": [{"name": other.full}, {"name": export.member.full}], "messages": messages,
            "title": other.full, "is_still_participant": True,
            "thread_path": f"{'e2ee_cutover' if e2ee else 'inbox'}/{slug}_{export.rng.randrange(10**15, 10**16)}",
            "magic_words": []}


def build_facebook(seed: int, scale: float, generation: str) -> Export:
    """A Facebook "Download your information" export in JSON (formats.md §3): the 2024+ layout
    (`your_facebook_activity/` and sibling folders) or the 2022-23 one (all under `your_activity_across_facebook/`)."""
    rng = random.Random(seed)
    people = _meta_people(rng, 60)
    member, friends = people[0], people[1:40]
    member.email = f"{_ascii(member.first).lower()}@example.com"
    export = Export(rng, member, 0, False)
    if generation != "2024":  # made in December 2023: nothing in it is newer
        export.end = datetime(2023, 12, 4, tzinfo=UTC)
    top = "your_facebook_activity" if generation == "2024" else "your_activity_across_facebook"
    side = "" if generation == "2024" else f"{top}/"  # the 2024 layout moved these beside the activity folder
    posts_file = f"{top}/posts/your_posts__check_ins__photos_and_videos_1.json"
    posts = []
    for row in range(1, int(60 * scale) + 2):
        item: dict = {"timestamp": _ts(export.when()),
                      "data": [{"post": planted_text(export, posts_file, row, "post", friends, NEUTRAL)}]}
        if rng.random() < 0.3:
            item["tags"] = [{"name": _named(export, posts_file, row, "tags", rng.choice(friends), True)}]
        if rng.random() < 0.3:
            city = rng.choice(PLACES)
            export.truth.append({"source_file": posts_file, "source_row": row, "column": "place",
                                 "entity_type": "LOCATION", "value": city, "third_party": False})
            item["attachments"] = [{"data": [{"place": {"name": city, "coordinate": {
                "latitude": 38.72, "longitude": -9.14}, "address": "", "url": ""}}]}]
        if rng.random() < 0.5:
            item["title"] = f"{_named(export, posts_file, row, 'title', member, False)} updated their status."
        posts.append(item)
    comments_file = f"{top}/comments_and_reactions/comments.json"
    comments = []
    for row in range(1, int(40 * scale) + 2):
        other = rng.choice(friends)
        moment = _ts(export.when())
        comments.append({"timestamp": moment, "data": [{"comment": {
            "timestamp": moment, "comment": planted_text(export, comments_file, row, "comment", friends, REPLIES),
            "author": member.full}}],
            "title": f"{_named(export, comments_file, row, 'title', member, False)} commented on "
                     f"{_named(export, comments_file, row, 'title', other, True)}'s post."})
    likes_file = f"{top}/comments_and_reactions/likes_and_reactions_1.json"
    likes = []
    for row in range(1, int(50 * scale) + 2):
        other = rng.choice(friends)
        likes.append({"timestamp": _ts(export.when()), "data": [{"reaction": {
            "reaction": rng.choice(["LIKE", "LOVE", "WOW", "HAHA"]), "actor": member.full}}],
            "title": f"{_named(export, likes_file, row, 'title', member, False)} likes "
                     f"{_named(export, likes_file, row, 'title', other, True)}'s post."})
    threads = {}
    for n, other in enumerate(friends[:int(6 * scale) + 2]):
        folder = "e2ee_cutover" if generation == "2024" and n == 0 else "inbox"
        slug = _ascii(f"{other.first}{other.last}").lower()
        file = f"{top}/messages/{folder}/{slug}_{1000000000 + n}/message_1.json"
        threads[file] = meta_json(_thread(export, file, other, rng.randrange(3, 9), folder == "e2ee_cutover"))
    registered = datetime(2011, 3, 14, tzinfo=UTC)
    profile = {"profile_v2": {
        "name": {"full_name": member.full, "first_name": member.first, "middle_name": "", "last_name": member.last},
        "emails": {"emails": [member.email], "previous_emails": [], "pending_emails": [], "ad_account_emails": []},
        "birthday": {"year": 1988, "month": 5, "day": 17}, "gender": {"gender_option": "FEMALE", "pronoun": "FEMALE"},
        "current_city": {"name": "Lisbon, Portugal", "timestamp": _ts(registered)} if generation == "2024" else {},
        "hometown": {"name": "Porto, Portugal", "timestamp": _ts(registered)},
        "phone_numbers": [{"phone_type": "Mobile", "phone_number": member.phone, "verified": True}],
        "username": _ascii(f"{member.first}.{member.last}").lower(), "registration_timestamp": _ts(registered),
        "profile_uri": _ascii(f"https://www.facebook.com/{member.first}.{member.last}").lower()}}
    export.files = {
        posts_file: meta_json(posts),
        comments_file: meta_json({"comments_v2": comments}),
        likes_file: meta_json(likes),
        **threads,
        f"{side}connections/friends/your_friends.json": meta_json({"friends_v2": [
            {"name": f.full, "timestamp": _ts(export.when(end=datetime(2024, 1, 1, tzinfo=UTC)))} for f in friends]}),
        f"{side}connections/followers/who_you've_followed.json": meta_json({"following_v3": [
            {"name": p.full, "timestamp": _ts(export.when())} for p in people[40:48]]}),
        f"{side}personal_information/profile_information/profile_information.json": meta_json(profile),
        f"{side}logged_information/search/your_search_history.json": meta_json({"searches_v2": [
            {"timestamp": _ts(export.when()), "data": [{"text": rng.choice(CITIES)}], "title": "You searched Facebook"}
            for _ in range(10)]}),
        f"{side}ads_information/ads_interests.json": meta_json({"topics_v2": ["Cycling", "Data science", "Jazz"]}),
        f"{side}preferences/language_and_locale/language_settings.json": meta_json(
            {"language_and_locale_v2": [{"name": "Language", "children": [{"value": "en_GB"}]}]}),
        f"{top}/other_activity/no-data.txt": "You have no data in this section",
    }
    if generation == "2024":
        export.files[f"{top}/groups/your_comments_in_groups.json"] = meta_json({"group_comments_v2": [
            {"timestamp": _ts(export.when()), "data": [{"comment": {"comment": rng.choice(REPLIES),
                                                                    "author": member.full, "group": "Night Runners"}}]}
            for _ in range(5)]})
    return export


def build_instagram(seed: int, scale: float) -> Export:
    """An Instagram "Download your information" export in JSON, 2025 layout (formats.md §4: `media/` not `content/`),
    a public account. Other people appear by username; full names in conversations."""
    rng = random.Random(seed)
    people = _meta_people(rng, 50)
    member, contacts = people[0], people[1:30]
    member.email = f"{_ascii(member.first).lower()}@example.com"
    export = Export(rng, member, 0, False)

    def handle(person: Person) -> str:
        return _ascii(f"{person.first}.{person.last}").lower()

    posts_file = "your_instagram_activity/media/posts_1.json"
    posts = []
    for row in range(1, int(40 * scale) + 2):
        moment = _ts(export.when())
        caption = planted_text(export, posts_file, row, "title", contacts[:10], NEUTRAL)
        if rng.random() < 0.7:  # a single photo: the caption sits on the media
            posts.append({"media": [{"uri": f"media/posts/202401/{17900000000000000 + row}.jpg",
                                     "creation_timestamp": moment, "title": caption}]})
        else:  # a carousel: caption and date on the post
            posts.append({"media": [{"uri": f"media/posts/202402/{17910000000000000 + row * 2 + i}.jpg",
                                     "creation_timestamp": moment, "title": ""} for i in range(2)],
                          "title": caption, "creation_timestamp": moment})
    comments_file = "your_instagram_activity/comments/post_comments_1.json"
    comments = []
    for row in range(1, int(30 * scale) + 2):
        comments.append({"media_list_data": [{"uri": ""}], "string_map_data": {
            "Comment": {"value": planted_text(export, comments_file, row, "Comment", contacts[:10], REPLIES)},
            "Media Owner": {"value": _named(export, comments_file, row, "Media Owner", handle(rng.choice(contacts)),
                                            True)},
            "Time": {"timestamp": _ts(export.when())}}})
    threads = {}
    for n, other in enumerate(contacts[:int(5 * scale) + 2]):
        thread = f"{handle(other).replace('.', '')}_{17800000000 + n}"
        file = f"your_instagram_activity/messages/inbox/{thread}/message_1.json"
        threads[file] = meta_json(_thread(export, file, other, rng.randrange(3, 8)))
    follows = [{"title": "", "media_list_data": [], "string_list_data": [
        {"href": f"https://www.instagram.com/{handle(p)}", "value": handle(p), "timestamp": _ts(export.when())}]}
        for p in contacts]

    def entry(label: str, value: str) -> dict:
        return {"href": "", "value": value, "timestamp": 0} if label else {}

    export.files = {
        "personal_information/personal_information/personal_information.json": meta_json({"profile_user": [{
            "title": "", "media_map_data": {"Profile Photo": {"uri": "media/profile/202401/900000000000000001.jpg",
                                                              "creation_timestamp": 1704067200, "title": ""}},
            "string_map_data": {"Username": entry("u", handle(member)), "Name": entry("n", member.full),
                                "Email": entry("e", member.email), "Phone Number": entry("p", member.phone),
                                "Date of birth": entry("d", "1993-02-11"), "Private Account": entry("x", "False")}}]}),
        posts_file: meta_json(posts),
        "your_instagram_activity/media/stories.json": meta_json({"ig_stories": [
            {"uri": f"media/stories/202405/{17950000000000000 + i}.jpg", "creation_timestamp": _ts(export.when()),
             "title": rng.choice(NEUTRAL)} for i in range(int(10 * scale) + 1)]}),
        "your_instagram_activity/media/reels.json": meta_json({"ig_reels_media": [
            {"media": [{"uri": f"media/reels/202406/{17960000000000000 + i}.mp4",
                        "creation_timestamp": _ts(export.when()), "title": rng.choice(NEUTRAL)}]} for i in range(4)]}),
        comments_file: meta_json(comments),
        "your_instagram_activity/likes/liked_posts.json": meta_json({"likes_media_likes": [
            {"title": _named(export, "your_instagram_activity/likes/liked_posts.json", row, "title",
                             handle(rng.choice(contacts)), True), "string_list_data": [
                {"href": f"https://www.instagram.com/p/C{rng.randrange(10**8)}/", "value": "\U0001f44d",
                 "timestamp": _ts(export.when())}]} for row in range(1, int(30 * scale) + 2)]}),
        "your_instagram_activity/saved/saved_posts.json": meta_json({"saved_saved_media": [
            {"title": _named(export, "your_instagram_activity/saved/saved_posts.json", row, "title",
                             handle(rng.choice(contacts)), True), "string_map_data": {"Saved on": {
                "href": f"https://www.instagram.com/p/C{rng.randrange(10**8)}/", "timestamp": _ts(export.when())}}}
            for row in range(1, 7)]}),
        "connections/followers_and_following/followers_1.json": meta_json(follows[:20]),
        "connections/followers_and_following/following.json": meta_json({"relationships_following": [
            {"title": f["string_list_data"][0]["value"], "string_list_data": [
                {"href": f["string_list_data"][0]["href"], "timestamp": f["string_list_data"][0]["timestamp"]}]}
            for f in follows[5:]]}),
        "ads_information/ads_and_topics/ads_viewed.json": meta_json({"impressions_history_ads_seen": [
            {"string_map_data": {"Author": {"value": rng.choice(COMPANIES)}, "Time": {"timestamp": _ts(export.when())}}}
            for _ in range(8)]}),
        **threads,
    }
    return export


def iban_for(rng: random.Random, country: str) -> str:
    """A valid IBAN of the country's length and shape (formats by the IBAN registry), check digits computed."""
    shape = {"DE": "18n", "FR": "23n", "ES": "20n", "NL": "4a10n", "IT": "1a22n", "GB": "4a14n"}[country]
    bban = ""
    for count, kind in re.findall(r"(\d+)([an])", shape):
        pool = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if kind == "a" else "0123456789"
        bban += "".join(rng.choice(pool) for _ in range(int(count)))
    numeric = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - numeric % 97:02d}{bban}"


def _local_phone(rng: random.Random, pattern: str) -> str:
    digits = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))  # noqa: E731
    return pattern.format(a=digits(4), b=digits(4), p=digits(1) + " " + " ".join(digits(2) for _ in range(3)),
                          s=f"{digits(3)} {digits(3)}", e=digits(8), c=f"{digits(3)} {digits(4)}",
                          d=digits(6), f=digits(2), g=digits(7))


def build_multilingual(seed: int) -> Export:
    """A LinkedIn export of a member who posts and writes in German, French, Spanish, Dutch, Italian and English
    (sample_exports/multilingual.py): per language, posts naming connections and strangers, clean posts, and
    messages with local e-mails, phones and IBANs. The truth lists every planted value with its language, and every
    post and message with its language and kind, so precision on clean posts can be measured."""
    from multilingual import COMPANIES as ML_COMPANIES
    from multilingual import LANGUAGES, PRODUCTS

    rng = random.Random(seed)
    member = Person("Anna", "Keller", "Northwind Labs", "Data Engineer", "anna.keller@example.com",
                    "+49 30 901820", "anna-keller")
    export = Export(rng, member, 0, False)
    texts: list[dict[str, str]] = []
    connections: list[tuple[str, str, str]] = []
    shares: list[list[str]] = []
    messages: list[list[str]] = []

    def person(lang: str) -> tuple[str, str]:
        data = LANGUAGES[lang]
        return rng.choice(data["first"]), rng.choice(data["last"])

    def fill(template: str, lang: str, name: str = "") -> str:
        data = LANGUAGES[lang]
        first, second = rng.sample(PRODUCTS, 2)
        return template.format(name=name, city=rng.choice(data["cities"]), product=first, product2=second,
                               company=rng.choice(ML_COMPANIES))

    for lang, data in LANGUAGES.items():
        known = [person(lang) for _ in range(8)]
        connections += [(f, la, lang) for f, la in known]
        plan = ["known"] * 10 + ["stranger"] * 40 + ["clean"] * 48
        for kind in plan:
            row = len(shares) + 1
            if kind == "clean":
                text = fill(rng.choice(data["clean"]), lang)
            else:
                first, last = rng.choice(known) if kind == "known" else person(lang)
                while kind == "stranger" and (first, last) in known:
                    first, last = person(lang)
                name = f"{first} {last}"
                text = fill(rng.choice(data["person"]), lang, name)
                export.truth.append({"source_file": "Shares.csv", "source_row": row, "column": "ShareCommentary",
                                     "entity_type": "PERSON", "value": name, "third_party": True,
                                     "language": lang, "known": kind == "known"})
            texts.append({"record": f"Shares.csv#{row}", "language": lang, "kind": kind})
            shares.append([export.when().strftime("%Y-%m-%d %H:%M:%S"),
                           f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{7100000000000000000 + row}",
                           text, "", "", "PUBLIC"])
        for n in range(12):
            first, last = rng.choice(known)
            kind = ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE")[n % 3]
            value = {
                "EMAIL_ADDRESS": f"{_ascii(first).lower()}.{_ascii(last).lower().replace(' ', '')}@"
                                 f"{data['domain'][0]}",
                "PHONE_NUMBER": _local_phone(rng, rng.choice(data["phones"])),
                "IBAN_CODE": iban_for(rng, data["iban"][0]),
            }[kind]
            template = data["message"][n % 3]
            text = template.format(email=value, phone=value, iban=value)
            row = len(messages) + 1
            export.truth.append({"source_file": "messages.csv", "source_row": row, "column": "CONTENT",
                                 "entity_type": kind, "value": value, "third_party": kind != "IBAN_CODE",
                                 "language": lang, "known": False})
            texts.append({"record": f"messages.csv#{row}", "language": lang, "kind": "pattern"})
            slug = _ascii(f"{first}-{last}").lower().replace(" ", "-")
            messages.append([f"2-{rng.getrandbits(64):016x}", "", f"{first} {last}",
                             f"https://www.linkedin.com/in/{slug}", member.full,
                             "https://www.linkedin.com/in/anna-keller",
                             export.when().strftime("%Y-%m-%d %H:%M:%S UTC"), "", text, "INBOX", "", "No", "No"])
    export.files = {
        "Profile.csv": csv_text(
            ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary", "Industry",
             "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"],
            [["Anna", "Keller", "", "", "Mar 3", "Data Engineer", "", "Software Development", "",
              "Berlin, Berlin, Germany", "", "", ""]]),
        "Email Addresses.csv": csv_text(["Email Address", "Confirmed", "Primary", "Updated On"],
                                        [[member.email or "", "Yes", "Yes", "Not Available"]]),
        "Connections.csv": f'Notes:\n"{CONNECTIONS_NOTE}"\n\n' + csv_text(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
            [[f, la, f"https://www.linkedin.com/in/{_ascii(f + '-' + la).lower().replace(' ', '-')}", "",
              rng.choice(ML_COMPANIES), "Engineer", export.when(datetime(2015, 1, 1, tzinfo=UTC)).strftime("%d %b %Y")]
             for f, la, _ in connections]),
        "Shares.csv": csv_text(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"], shares),
        "messages.csv": csv_text(["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                                  "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS",
                                  "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"], messages),
    }
    export.texts = texts
    return export


def write_zip(export: Export, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    made = export.end + timedelta(days=4)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(export.files):
            info = zipfile.ZipInfo(name, date_time=(made.year, made.month, made.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, export.files[name].encode("utf-8"))
    truth = {"member": {"names": [export.member.full.strip()], "email": export.member.email,
                        "phone": export.member.phone},
             "pii": export.truth, **({"texts": export.texts} if export.texts else {})}
    text = json.dumps(truth, separators=(",", ":")).replace("},{", "},\n{")  # one planted item a line
    path.with_name(path.stem + ".truth.json").write_text(text + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the zip(s) into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--records", type=int, help="approximate record count: writes one large Complete export")
    args = parser.parse_args()
    if args.records:
        export = build("complete", args.seed, args.records / 4560, "Greater Seattle Area")
        write_zip(export, args.out / f"Complete_LinkedInDataExport_{args.records}.zip")
        return
    write_zip(build("basic", args.seed, 1.0, "Berlin, Berlin, Germany"),
              args.out / "Basic_LinkedInDataExport_11-24-2026.zip")
    write_zip(build("complete", args.seed + 1, 1.0, "Greater Seattle Area"),
              args.out / "Complete_LinkedInDataExport_11-24-2026.zip")
    reddit = build_reddit(args.seed + 2, 1.0)
    write_zip(reddit, args.out / f"export_{reddit.member.first}_20261124.zip")
    write_zip(build_x(args.seed + 3, 1.0), args.out / "twitter-2026-11-24-5f0c2e.zip")
    write_zip(build_facebook(args.seed + 4, 1.0, "2024"), args.out / "facebook-averyquill-2026-11-24-Ab3dEf9h.zip")
    write_zip(build_facebook(args.seed + 5, 1.0, "2023"), args.out / "facebook-100004567890123-05_12_2023-Qw3rTy7u.zip")
    write_zip(build_instagram(args.seed + 6, 1.0), args.out / "instagram-avery.example-2026-11-24-Zx8cVb2n.zip")
    write_zip(build_multilingual(args.seed + 7), args.out / "multilingual" / "Basic_LinkedInDataExport_11-24-2026.zip")


if __name__ == "__main__":
    main()
