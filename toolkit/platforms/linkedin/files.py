"""Every file LinkedIn is known to ship (formats.md §1.1 inventory), with its columns, date format and category.

Categories: `category` is the contract's coarse one; `policy_category` the policies' fine-grained vocabulary
(policies.md §7.1), which the policy rules decide on. `other.unmapped` marks files no policy category fits.
"""

from __future__ import annotations

from dataclasses import replace

from toolkit.platforms.tabular import MONTH_YEAR, YEAR, FileSpec

# Date formats by column (formats.md §1.2). Zone-less values are read as UTC.
UTC_SECONDS = "%Y-%m-%d %H:%M:%S UTC"
PLAIN_SECONDS = "%Y-%m-%d %H:%M:%S"
SLASH_UTC = "%Y/%m/%d %H:%M:%S UTC"
US_SHORT = "%m/%d/%y, %I:%M %p"
US_DATE = "%m/%d/%y"
DAY_MONTH_YEAR = "%d %b %Y"
JAVA_DATE = "%a %b %d %H:%M:%S UTC %Y"
MINUTES_UTC = "%Y-%m-%d %H:%M UTC"
ISO_DATE = "%Y-%m-%d"
# Columns whose format no source has verified: accept every shape seen elsewhere in the export.
ANY_DATE = (UTC_SECONDS, PLAIN_SECONDS, SLASH_UTC, US_SHORT, US_DATE, DAY_MONTH_YEAR, JAVA_DATE, MINUTES_UTC,
            ISO_DATE, MONTH_YEAR, YEAR)
CAREER_DATES = (MONTH_YEAR, YEAR, DAY_MONTH_YEAR, ISO_DATE)

SHARE_VISIBILITY = {"PUBLIC": "public", "MEMBER_NETWORK": "restricted", "CONNECTIONS": "restricted",
                    "CONTAINER": "restricted", "LOGGED_IN": "public"}

MESSAGE_HEADER = ("CONVERSATION ID", "FROM", "TO", "DATE", "CONTENT")


def _message(name: str, record_type: str, policy_category: str) -> FileSpec:
    return FileSpec(name, record_type, "message", policy_category, MESSAGE_HEADER, "DATE", (UTC_SECONDS, PLAIN_SECONDS),
                    ("SUBJECT", "CONTENT"), visibility="private")


def _career(name: str, record_type: str, header: tuple[str, ...], date: str | None, text: tuple[str, ...]) -> FileSpec:
    return FileSpec(name, record_type, "profile", "profile.career", header, date, CAREER_DATES, text,
                    visibility="public")


PROFILE_FIELDS = {
    "Address": ("contact_info", "account.contact"),
    "Birth Date": ("contact_info", "account.contact"),
    "Zip Code": ("contact_info", "account.contact"),
    "Twitter Handles": ("contact_info", "account.contact"),
    "Websites": ("contact_info", "account.contact"),
    "Instant Messengers": ("contact_info", "account.contact"),
}

_SPECS: tuple[FileSpec, ...] = (
    # --- profile
    FileSpec("profile", "linkedin.profile_field", "profile", "profile.identity",
             ("First Name", "Last Name", "Headline", "Geo Location"), per_field=True, visibility="public",
             field_policy=PROFILE_FIELDS),
    FileSpec("profile summary", "linkedin.profile_summary", "profile", "profile.identity", ("Profile Summary",),
             text_columns=("Profile Summary",), visibility="public"),
    _career("positions", "linkedin.position", ("Company Name", "Title", "Started On"), "Started On",
            ("Title", "Company Name", "Description", "Location")),
    _career("education", "linkedin.education", ("School Name", "Degree Name"), "Start Date|Started On",
            ("School Name", "Degree Name", "Notes", "Activities")),
    _career("skills", "linkedin.skill", ("Name",), None, ("Name",)),
    _career("languages", "linkedin.language", ("Name", "Proficiency"), None, ("Name",)),
    _career("certifications", "linkedin.certification", ("Name", "Authority"), "Started On", ("Name", "Authority")),
    _career("projects", "linkedin.project", ("Title", "Description"), "Started On", ("Title", "Description")),
    _career("publications", "linkedin.publication", ("Name", "Publisher"), "Published On",
            ("Name", "Description", "Publisher")),
    _career("honors", "linkedin.honor", ("Title", "Issued On"), "Issued On", ("Title", "Description")),
    _career("volunteering", "linkedin.volunteering", ("Company Name", "Role", "Cause"), "Started On",
            ("Role", "Company Name", "Description")),
    _career("testscores", "linkedin.test_score", ("Tested On", "Score"), "Tested On", ("Name", "Description")),
    _career("test scores", "linkedin.test_score", ("Tested On", "Score"), "Tested On", ("Name", "Description")),
    _career("courses", "linkedin.course", ("Name",), None, ("Name",)),
    _career("patents", "linkedin.patent", ("Title",), "Issued On", ("Title", "Description")),
    _career("organizations", "linkedin.organization", ("Name",), None, ("Name", "Description")),
    _career("causes you care about", "linkedin.cause", (), None, ()),
    _career("trainings", "linkedin.training", (), None, ()),
    FileSpec("recommendations received", "linkedin.recommendation_received", "recommendation",
             "profile.recommendations_received", ("First Name", "Last Name", "Text", "Status"), "Creation Date",
             (US_SHORT, US_DATE, MONTH_YEAR), ("Text",), visibility="public"),
    FileSpec("recommendations given", "linkedin.recommendation_given", "recommendation",
             "profile.recommendations_given", ("First Name", "Last Name", "Text", "Status"), "Creation Date",
             (US_SHORT, US_DATE, MONTH_YEAR), ("Text",), visibility="public"),
    FileSpec("endorsement received info", "linkedin.endorsement_received", "endorsement",
             "profile.endorsements_received", ("Endorsement Date", "Skill Name"), "Endorsement Date",
             (SLASH_UTC, UTC_SECONDS), visibility="public"),
    FileSpec("endorsement given info", "linkedin.endorsement_given", "endorsement", "profile.endorsements_given",
             ("Endorsement Date", "Skill Name"), "Endorsement Date", (SLASH_UTC, UTC_SECONDS), visibility="public"),
    # --- member content
    FileSpec("shares", "linkedin.share", "post", "content.post", ("Date", "ShareLink", "ShareCommentary"), "Date",
             (PLAIN_SECONDS, UTC_SECONDS, ISO_DATE), ("ShareCommentary",), "ShareLink",
             visibility_column="Visibility", visibility_values=SHARE_VISIBILITY),
    FileSpec("comments", "linkedin.comment", "comment", "content.comment", ("Date", "Link", "Message"), "Date",
             (PLAIN_SECONDS, UTC_SECONDS, ISO_DATE), ("Message",), "Link"),
    FileSpec("reactions", "linkedin.reaction", "reaction", "content.reaction", ("Date", "Type", "Link"), "Date",
             (PLAIN_SECONDS, UTC_SECONDS, ISO_DATE), link_column="Link"),
    FileSpec("votes", "linkedin.poll_vote", "reaction", "content.poll_response", ("Date", "Link", "OptionText"),
             "Date", (PLAIN_SECONDS, UTC_SECONDS, ISO_DATE), ("OptionText",), "Link"),
    FileSpec("instantreposts", "linkedin.repost", "post", "content.repost", ("Date", "Link"), "Date",
             (PLAIN_SECONDS, UTC_SECONDS, ISO_DATE), link_column="Link"),
    FileSpec("rich media", "linkedin.media", "media", "content.media", ("Date/Time", "Media Link"), "Date/Time|Time",
             ("%B %d, %Y at %I:%M %p",), ("Media Description",), "Media Link",
             date_extract=r"on (\w+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M)"),
    # --- messages and conversations with LinkedIn's AI features
    _message("messages", "linkedin.message", "messages.private"),
    _message("guide messages", "linkedin.ai_conversation", "ai.prompts"),
    _message("coach messages", "linkedin.ai_conversation", "ai.prompts"),
    _message("learning coach messages", "linkedin.ai_conversation", "ai.prompts"),
    _message("learningcoachmessages", "linkedin.ai_conversation", "ai.prompts"),
    _message("learning role play messages", "linkedin.ai_conversation", "ai.prompts"),
    # --- network
    FileSpec("connections", "linkedin.connection", "connection", "network.connections",
             ("First Name", "Connected On"), "Connected On", (DAY_MONTH_YEAR, ISO_DATE), visibility="restricted"),
    FileSpec("invitations", "linkedin.invitation", "invitation", "network.invitations",
             ("From", "To", "Sent At", "Direction"), "Sent At", (US_SHORT, US_DATE), ("Message",),
             visibility="private"),
    FileSpec("company follows", "linkedin.company_follow", "connection", "network.follows",
             ("Organization", "Followed On"), "Followed On", (JAVA_DATE, *ANY_DATE)),
    FileSpec("member follows", "linkedin.member_follow", "connection", "network.follows",
             ("Date", "FullName"), "Date", ANY_DATE),
    FileSpec("hashtag follows", "linkedin.hashtag_follow", "connection", "network.follows", (), None, ()),
    FileSpec("contacts", "linkedin.imported_contact", "connection", "network.connections",
             ("FirstName", "LastName", "Emails"), "CreatedAt", ANY_DATE, visibility="private"),
    FileSpec("importedcontacts", "linkedin.imported_contact", "connection", "network.connections",
             ("FirstName", "LastName", "Emails"), "CreatedAt", ANY_DATE, visibility="private"),
    FileSpec("notes", "linkedin.connection_note", "connection", "network.connections",
             ("Connection First Name", "Note"), "Created On", ANY_DATE, ("Note",), visibility="private"),
    # --- contact details and account
    FileSpec("email addresses", "linkedin.email_address", "contact_info", "account.contact",
             ("Email Address", "Primary"), "Updated On", (US_SHORT, US_DATE), visibility="private"),
    FileSpec("phonenumbers", "linkedin.phone_number", "contact_info", "account.contact", ("Number", "Type"),
             visibility="private"),
    FileSpec("whatsapp phone numbers", "linkedin.phone_number", "contact_info", "account.contact",
             ("Number", "Extension"), visibility="private"),
    FileSpec("registration", "linkedin.registration_field", "account", "account.security_logs",
             ("Registered At", "Registration Ip"), per_field=True, visibility="private"),
    FileSpec("logins", "linkedin.login", "account", "account.security_logs", ("Login Date", "IP Address"),
             "Login Date", ANY_DATE, visibility="private"),
    FileSpec("security challenges", "linkedin.security_challenge", "account", "account.security_logs",
             ("Challenge Date", "IP Address"), "Challenge Date", ANY_DATE, visibility="private"),
    FileSpec("receipts v2", "linkedin.receipt", "account", "account.payment", ("Invoice Number", "Total Amount"),
             "Transaction Made At", ANY_DATE, visibility="private"),
    FileSpec("receipts", "linkedin.receipt", "account", "account.payment", (), "Transaction Made At", ANY_DATE,
             visibility="private"),
    FileSpec("private identity asset", "linkedin.identity_asset", "account", "other.unmapped",
             ("Private Identity Asset Name",), visibility="private"),
    FileSpec("verifications", "linkedin.verification", "account", "other.unmapped",
             ("Verification type", "Document type"), "Verified date", ANY_DATE, visibility="private"),
    FileSpec("verifiedexternalcapability", "linkedin.verified_capability", "account", "other.unmapped",
             visibility="private"),
    # --- jobs
    FileSpec("job applications", "linkedin.job_application", "job_application", "jobs.application_specific",
             ("Application Date", "Company Name", "Job Title"), "Application Date", (US_SHORT, US_DATE),
             ("Question And Answers",), "Job Url", visibility="private"),
    FileSpec("saved jobs", "linkedin.saved_job", "job_application", "jobs.preferences", ("Saved Date", "Job Url"),
             "Saved Date", (US_SHORT, US_DATE), link_column="Job Url", visibility="private"),
    FileSpec("job seeker preferences", "linkedin.job_seeker_preferences", "job_application", "jobs.preferences",
             ("Locations", "Open To Recruiters"), text_columns=("Introduction Statement",), visibility="private"),
    FileSpec("savedjobalerts", "linkedin.job_alert", "job_application", "jobs.preferences",
             ("ALERT_PARAMETERS", "SAVED_SEARCH_ID"), visibility="private"),
    FileSpec("online job postings", "linkedin.job_posting", "job_application", "jobs.postings",
             visibility="public"),
    FileSpec("job applicant saved screening question responses", "linkedin.saved_screening_answer",
             "job_application", "jobs.saved_screening_answers", ("Question", "Answer"),
             text_columns=("Question", "Answer"), visibility="private"),
    FileSpec("job applicant saved answers", "linkedin.saved_screening_answer", "job_application",
             "jobs.saved_screening_answers", ("Question", "Answer"), text_columns=("Question", "Answer"),
             visibility="private"),
    # --- activity, learning, search, ads
    FileSpec("saved items", "linkedin.saved_item", "other", "account.usage_stats", ("savedItem", "CreatedTime"),
             "CreatedTime", ANY_DATE, link_column="savedItem", visibility="private"),
    FileSpec("events", "linkedin.event", "other", "account.usage_stats", ("Event Name", "Event Time"),
             "Event Time", ("%b %d, %Y %I:%M %p",), ("Event Name",), visibility="private",
             date_extract=r"^(\w{3} \d{1,2}, \d{4} \d{1,2}:\d{2} [AP]M)"),
    FileSpec("learning", "linkedin.learning", "learning", "learning.activity", ("Content Title", "Content Type"),
             "Content Last Watched Date (if viewed)", (MINUTES_UTC, UTC_SECONDS),
             ("Notes taken on videos (if taken)",), visibility="private"),
    FileSpec("searchqueries", "linkedin.search", "search", "search.queries", ("Time", "Search Query"), "Time",
             (SLASH_UTC, UTC_SECONDS), ("Search Query",), visibility="private"),
    FileSpec("ad targeting", "linkedin.ad_targeting", "ad_targeting", "ads.inferences",
             ("Member Age", "Company Names"), visibility="private"),
    FileSpec("inferences about you", "linkedin.inference", "inference", "ads.inferences",
             ("Category", "Type of inference", "Inference"), visibility="private"),
    FileSpec("ads clicked", "linkedin.ad_click", "ad_targeting", "ads.engagement", ("Ad clicked Date",),
             "Ad clicked Date", ANY_DATE, visibility="private"),
    FileSpec("lan ads engagement", "linkedin.ad_engagement", "ad_targeting", "ads.engagement",
             ("Action", "Ad Title/Id", "Page/App"), "Date", ANY_DATE, visibility="private"),
    FileSpec("providers", "linkedin.marketplace_provider", "other", "other.unmapped", ("Creation Time",),
             "Creation Time", ANY_DATE, visibility="public"),
    FileSpec("opprtunities", "linkedin.marketplace_opportunity", "other", "other.unmapped", ("Creation Time",),
             "Creation Time", ANY_DATE, visibility="private"),
    FileSpec("calendar", "linkedin.calendar", "other", "other.unmapped", visibility="private"),
)

# Fixtures show the same column in other shapes than the documented one (e.g. ISO dates in Email Addresses.csv):
# after a file's own formats, every shape seen elsewhere in LinkedIn exports is tried.
SPECS = tuple(
    replace(spec, date_formats=(*spec.date_formats, *(f for f in ANY_DATE if f not in spec.date_formats)))
    for spec in _SPECS
)

ARTICLE = FileSpec("article", "linkedin.article", "article", "content.article", visibility="public")

BY_NAME: dict[str, FileSpec] = {spec.name: spec for spec in SPECS}

# Columns (or Profile.csv/Registration.csv fields) that are personal data by definition: found without reading text.
# owner: member (the archive's owner), other (a third party), auto (decided from the value, e.g. a message's FROM).
PII_COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "linkedin.profile_field": {
        "First Name": ("PERSON", "member"), "Last Name": ("PERSON", "member"), "Maiden Name": ("PERSON", "member"),
        "Address": ("LOCATION", "member"), "Zip Code": ("LOCATION", "member"), "Geo Location": ("LOCATION", "member"),
        "Birth Date": ("DATE_TIME", "member"), "Websites": ("URL", "member"),
    },
    "linkedin.registration_field": {"Registration Ip": ("IP_ADDRESS", "member")},
    "linkedin.email_address": {"Email Address": ("EMAIL_ADDRESS", "member")},
    "linkedin.phone_number": {"Number": ("PHONE_NUMBER", "member")},
    "linkedin.login": {"IP Address": ("IP_ADDRESS", "member")},
    "linkedin.security_challenge": {"IP Address": ("IP_ADDRESS", "member")},
    "linkedin.receipt": {"First Name": ("PERSON", "member"), "Postal Code": ("LOCATION", "member")},
    "linkedin.verification": {"First name": ("PERSON", "member"), "Email address": ("EMAIL_ADDRESS", "member"),
                              "Year of birth": ("DATE_TIME", "member")},
    "linkedin.job_application": {"Contact Email": ("EMAIL_ADDRESS", "auto"),
                                 "Contact Phone Number": ("PHONE_NUMBER", "auto")},
    "linkedin.connection": {"First Name": ("PERSON", "other"), "Email Address": ("EMAIL_ADDRESS", "other"),
                            "URL": ("URL", "other")},
    "linkedin.message": {"FROM": ("PERSON", "auto"), "TO": ("PERSON", "auto")},
    "linkedin.invitation": {"From": ("PERSON", "auto"), "To": ("PERSON", "auto")},
    "linkedin.endorsement_received": {"Endorser First Name": ("PERSON", "other")},
    "linkedin.endorsement_given": {"Endorsee First Name": ("PERSON", "other")},
    "linkedin.recommendation_received": {"First Name": ("PERSON", "other")},
    "linkedin.recommendation_given": {"First Name": ("PERSON", "other")},
    "linkedin.imported_contact": {"FirstName": ("PERSON", "other"), "Emails": ("EMAIL_ADDRESS", "other"),
                                  "PhoneNumbers": ("PHONE_NUMBER", "other")},
    "linkedin.member_follow": {"FullName": ("PERSON", "other")},
    "linkedin.connection_note": {"Connection First Name": ("PERSON", "other")},
}
