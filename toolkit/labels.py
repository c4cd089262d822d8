"""The words people read: one table for the terminal, the HTML report and the docs. Internal names (`contact_info`,
`EMAIL_ADDRESS`, `in_scope_genai_now`) stay in the JSON and the exports, where scripts read them."""

from __future__ import annotations

from typing import Final

CATEGORY: Final = {
    "profile": "profile", "post": "posts", "article": "articles", "comment": "comments", "reaction": "reactions",
    "message": "messages", "connection": "connections, follows", "invitation": "invitations",
    "contact_info": "contact details", "job_application": "jobs, applications", "search": "searches",
    "ad_targeting": "ad targeting", "inference": "inferences about you", "account": "account and log-ins",
    "learning": "LinkedIn Learning", "recommendation": "recommendations", "endorsement": "endorsements",
    "media": "photos and videos", "other": "other",
}

ENTITY: Final = {
    "PERSON": "names", "EMAIL_ADDRESS": "e-mail addresses", "PHONE_NUMBER": "phone numbers", "URL": "web links",
    "LOCATION": "places", "CREDIT_CARD": "card numbers", "IBAN_CODE": "bank accounts (IBAN)",
    "IP_ADDRESS": "IP addresses", "DATE_TIME": "dates and times", "NRP": "nationalities, religions, politics",
    "US_SSN": "US social security numbers", "CRYPTO": "crypto wallets", "MEDICAL_LICENSE": "medical licences",
    "US_BANK_NUMBER": "US bank numbers", "US_DRIVER_LICENSE": "US driving licences", "US_PASSPORT": "US passports",
    "UK_NHS": "NHS numbers",
}

# The contract's verdict columns, in words, for table headers.
VERDICT_SHORT: Final = {
    "in_scope_genai_now": "GenAI now", "in_scope_genai_after_opt_out": "after opt-out",
    "maybe_already_used": "maybe used", "in_scope_other_ml": "other AI/ML",
}
VALUE: Final = {"true": "yes", "false": "no", "unknown": "unknown"}

# The languages texts are routed by (toolkit.pii.language), and how each is read for personal data.
LANGUAGE: Final = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "nl": "Dutch", "it": "Italian",
                   "pt": "Portuguese"}
LANGUAGE_COVERAGE: Final = {
    "en": "names and places by spaCy's English model",
    "fr": "names by first-name lists, places by spaCy's French model",
    **{code: "names by first-name lists, places by the English model, no model of their own"
       for code in ("de", "es", "nl", "it", "pt")},
}


def category(name: str) -> str:
    return CATEGORY.get(name, name.replace("_", " "))


def entity(name: str) -> str:
    return ENTITY.get(name, name.replace("_", " ").lower())
