"""The data files of X's "Download an archive of your data" (formats.md §2.3): `data/<stem>.js`, split as
`<stem>-part<N>.js`, each `window.YTD.<global_name>.part<N> = [ {<item_key>: {...}}, ... ]`.

Whether an account was protected (its posts not public) is not in these files: a post's visibility is `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass

TWEET_DATE = "%a %b %d %H:%M:%S %z %Y"
ISO_MS = "%Y-%m-%dT%H:%M:%S%.fZ"


@dataclass(frozen=True)
class JsSpec:
    """What one data file is and where, in each of its items, the record's fields are (dotted paths)."""

    stem: str
    record_type: str
    category: str
    policy_category: str
    item_key: str
    text: tuple[str, ...] = ()
    date: str | None = None
    date_format: str | None = None
    link: str | None = None  # a path, or "status:<path>" for https://x.com/i/web/status/<id>
    visibility: str = "unknown"
    explode: str | None = None  # a list inside each item whose elements are the records (DMs in a conversation)
    element_key: str | None = None  # inside each exploded element, the object holding the fields
    not_read: str | None = None  # why a known file adds no records


_SPECS = (
    JsSpec("manifest", "x.manifest", "other", "other.unmapped", "", not_read="the archive's manifest: metadata, "
           "no records"),
    JsSpec("tweets", "x.post", "post", "content.post", "tweet", ("full_text",), "created_at", TWEET_DATE,
           "status:id_str"),
    JsSpec("tweet", "x.post", "post", "content.post", "tweet", ("full_text",), "created_at", TWEET_DATE,
           "status:id_str"),
    JsSpec("note-tweet", "x.post", "post", "content.post", "noteTweet", ("noteTweetResults.text",), "createdAt",
           ISO_MS),
    JsSpec("deleted-tweets", "x.deleted_post", "post", "content.post", "tweet", ("full_text",), "created_at",
           TWEET_DATE),
    JsSpec("community-tweet", "x.community_post", "post", "content.post", "tweet", ("full_text",), "created_at",
           TWEET_DATE, "status:id_str"),
    JsSpec("like", "x.like", "reaction", "content.reaction", "like", ("fullText",), link="expandedUrl",
           visibility="public"),
    JsSpec("follower", "x.follower", "connection", "network.follows", "follower", link="userLink"),
    JsSpec("following", "x.following", "connection", "network.follows", "following", link="userLink"),
    JsSpec("block", "x.block", "connection", "network.connections", "blocking", link="userLink",
           visibility="private"),
    JsSpec("mute", "x.mute", "connection", "network.connections", "muting", link="userLink", visibility="private"),
    JsSpec("direct-messages", "x.message", "message", "messages.private", "dmConversation", ("text",),
           "createdAt", ISO_MS, visibility="private", explode="messages", element_key="messageCreate"),
    JsSpec("direct-messages-group", "x.group_message", "message", "messages.private", "dmConversation", ("text",),
           "createdAt", ISO_MS, visibility="private", explode="messages", element_key="messageCreate"),
    JsSpec("grok-chat-item", "x.grok_chat", "message", "ai.prompts", "grokChatItem", ("message",), "createdAt",
           ISO_MS, visibility="private"),
    JsSpec("account", "x.account", "profile", "profile.identity", "account", ("accountDisplayName", "username"),
           "createdAt", ISO_MS, visibility="public"),
    JsSpec("profile", "x.profile", "profile", "profile.identity", "profile",
           ("description.bio", "description.location"), visibility="public"),
    JsSpec("ip-audit", "x.ip_audit", "account", "account.security_logs", "ipAudit", (), "createdAt", ISO_MS,
           visibility="private"),
    JsSpec("saved-search", "x.saved_search", "search", "search.queries", "savedSearch", ("query",),
           visibility="private"),
    JsSpec("personalization", "x.personalization", "inference", "ads.inferences", "p13nData", visibility="private"),
    JsSpec("ageinfo", "x.age_info", "inference", "ads.inferences", "ageMeta", visibility="private"),
    JsSpec("app", "x.app", "account", "account.usage_stats", "app", visibility="private"),
    JsSpec("account-suspension", "x.account_suspension", "account", "account.usage_stats", "accountSuspension",
           visibility="private"),
    JsSpec("phone-number", "x.phone_number", "contact_info", "account.contact", "device", ("phoneNumber",),
           visibility="private"),
    JsSpec("email-address-change", "x.email_change", "contact_info", "account.contact", "emailAddressChange",
           visibility="private"),
    JsSpec("screen-name-change", "x.screen_name_change", "account", "account.usage_stats", "screenNameChange",
           visibility="private"),
    JsSpec("ad-engagements", "x.ad_engagement", "ad_targeting", "ads.engagement", "ad", visibility="private"),
    JsSpec("ad-impressions", "x.ad_impression", "ad_targeting", "ads.engagement", "ad", visibility="private"),
)
BY_STEM = {spec.stem: spec for spec in _SPECS}
SPECS = _SPECS

PII_COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "x.account": {"email": ("EMAIL_ADDRESS", "member")},
    "x.ip_audit": {"loginIp": ("IP_ADDRESS", "member")},
}
