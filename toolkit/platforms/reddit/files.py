"""Every file Reddit's "Request a copy of your data" export is known to ship (formats.md §5.2), with its columns,
date format and category. A flat zip of CSVs; dates `YYYY-MM-DD HH:MM:SS UTC`; large tables split as `name_1.csv`.

Whether a post or comment was in a public community is not in the export (private and quarantined communities are
excluded from Reddit's licensing): its visibility is `unknown`.
"""

from __future__ import annotations

from toolkit.platforms.tabular import FileSpec

UTC_SECONDS = "%Y-%m-%d %H:%M:%S UTC"
DATES = (UTC_SECONDS, "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")

POST_HEADER = ("id", "permalink", "date", "subreddit", "title", "url", "body")
COMMENT_HEADER = ("id", "permalink", "date", "subreddit", "link", "parent", "body")
MESSAGE_HEADER = ("id", "permalink", "thread_id", "date", "from", "to", "subject", "body")

_REPEATS = "the rows of {} without their text; not counted twice"

_SPECS: tuple[FileSpec, ...] = (
    FileSpec("posts", "reddit.post", "post", "content.post", POST_HEADER, "date", DATES, ("title", "body"),
             link_column="permalink"),
    FileSpec("post headers", "reddit.post", "post", "content.post", not_read=_REPEATS.format("posts.csv")),
    FileSpec("comments", "reddit.comment", "comment", "content.comment", COMMENT_HEADER, "date", DATES, ("body",),
             link_column="permalink"),
    FileSpec("comment headers", "reddit.comment", "comment", "content.comment",
             not_read=_REPEATS.format("comments.csv")),
    FileSpec("messages", "reddit.message", "message", "messages.private", MESSAGE_HEADER, "date", DATES,
             ("subject", "body"), link_column="permalink", visibility="private"),
    FileSpec("messages archive", "reddit.message", "message", "messages.private", MESSAGE_HEADER, "date", DATES,
             ("subject", "body"), link_column="permalink", visibility="private"),
    FileSpec("message headers", "reddit.message", "message", "messages.private",
             not_read=_REPEATS.format("messages.csv")),
    FileSpec("messages archive headers", "reddit.message", "message", "messages.private",
             not_read=_REPEATS.format("messages_archive.csv")),
    # Chat in public channels is public content, private chats are not; the export does not say which a chat was.
    FileSpec("chat history", "reddit.chat", "message", "groups.message",
             ("message_id", "created_at", "username", "message"), "created_at", DATES, ("message",)),
    FileSpec("post votes", "reddit.post_vote", "reaction", "content.reaction", ("id", "permalink", "direction"),
             link_column="permalink", visibility="private"),
    FileSpec("comment votes", "reddit.comment_vote", "reaction", "content.reaction", ("id", "permalink", "direction"),
             link_column="permalink", visibility="private"),
    FileSpec("poll votes", "reddit.poll_vote", "reaction", "content.reaction", ("post_id", "user_selection"),
             visibility="private"),
    FileSpec("saved posts", "reddit.saved", "other", "account.usage_stats", ("id", "permalink"),
             link_column="permalink", visibility="private"),
    FileSpec("saved comments", "reddit.saved", "other", "account.usage_stats", ("id", "permalink"),
             link_column="permalink", visibility="private"),
    FileSpec("hidden posts", "reddit.hidden", "other", "account.usage_stats", ("id", "permalink"),
             link_column="permalink", visibility="private"),
    FileSpec("subscribed subreddits", "reddit.subscription", "connection", "network.follows", ("subreddit",),
             visibility="private"),
    FileSpec("moderated subreddits", "reddit.moderation", "connection", "network.follows", ("subreddit",),
             visibility="public"),
    FileSpec("approved submitter subreddits", "reddit.approved_submitter", "connection", "network.follows",
             ("subreddit",), visibility="private"),
    FileSpec("friends", "reddit.friend", "connection", "network.connections", ("username", "note"),
             text_columns=("note",), visibility="private"),
    FileSpec("statistics", "reddit.statistic", "account", "account.usage_stats", ("statistic", "value"),
             visibility="private"),
    FileSpec("user preferences", "reddit.preference", "account", "account.usage_stats", ("preference", "value"),
             visibility="private"),
    FileSpec("ip logs", "reddit.ip_log", "account", "account.security_logs", ("date", "ip"), "date", DATES,
             visibility="private"),
    FileSpec("drafts", "reddit.draft", "post", "content.draft", ("id", "title", "body"), "created", DATES,
             ("title", "body"), visibility="private"),
)

BY_NAME = {spec.name: spec for spec in _SPECS}
SPECS = _SPECS

# Columns that are personal data by definition: record_type -> column -> (presidio entity, owner).
PII_COLUMNS = {
    "reddit.message": {"from": ("PERSON", "auto"), "to": ("PERSON", "auto")},
    "reddit.chat": {"username": ("PERSON", "auto")},
    "reddit.friend": {"username": ("PERSON", "other")},
    "reddit.ip_log": {"ip": ("IP_ADDRESS", "member")},
}
