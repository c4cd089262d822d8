"""The JSON files of Meta's "Download your information" (formats.md §3 Facebook, §4 Instagram): one row per file.

Files move between folder generations (Facebook: the flat layout up to about 2021, `your_activity_across_facebook/`
about 2022-23, `your_facebook_activity/` and sibling folders from 2024; Instagram: `content/` then `media/` under
`your_instagram_activity/`), so each row's pattern matches the file's name and its nearest folders, wherever the
tree puts them. Root keys gain `_v2`/`_v3` over time: each row lists the names it knows, and a file whose object
holds a single list is read from that list whatever its key.

Paths (see toolkit.platforms.structured) name where each record's text, date and link are inside an item.
Instagram's labels (`string_map_data` keys) follow the account's language, so its texts are read with `*`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Path = tuple[str, str]  # (path, unit of an epoch date: "s" or "ms")


@dataclass(frozen=True)
class ProfileField:
    """One field of a profile file: a record of its own when the member filled it in."""

    name: str
    paths: tuple[str, ...]
    policy_category: str
    category: str = "profile"
    visibility: str = "unknown"
    separator: str = "\n"  # between the values its paths reach (a birthday's year, month and day: "-")


@dataclass(frozen=True)
class JsonSpec:
    """What one kind of file is, where it is, and where each record's fields are inside its items."""

    key: str  # the record type after the product: facebook.<key>, instagram.<key>
    pattern: str  # matched (searched) against "/" + the member path, lower-cased
    category: str
    policy_category: str
    roots: tuple[str, ...] = ()  # keys of the object holding the items; () : the file is the list
    text: tuple[str, ...] = ()
    dates: tuple[Path, ...] = ()
    link: tuple[str, ...] = ()
    visibility: str = "unknown"  # "account": the Instagram account's own setting (public unless private)
    product: str | None = None  # facebook | instagram; None: the same file in both (Messenger-format threads)
    thread: bool = False  # a conversation: its participants and title go with each message
    fields: tuple[ProfileField, ...] = ()  # a profile: one record per filled-in field
    not_read: str | None = None  # a known file that adds no records, and why
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))


_S = "s"
_TS: tuple[Path, ...] = (("timestamp", _S),)
_IG_MAP_TEXT = ("title", "string_map_data.*.value", "string_list_data.value", "label_values.value")
_IG_MAP_DATES: tuple[Path, ...] = (("string_map_data.*.timestamp", _S), ("string_list_data.timestamp", _S),
                                   ("timestamp", _S))
_IG_LINK = ("string_list_data.href", "string_map_data.*.href", "label_values.href")
_MEDIA_TEXT = ("title", "description", "media.title", "media.description")
_MEDIA_DATES: tuple[Path, ...] = (("creation_timestamp", _S), ("media.creation_timestamp", _S))
_FB, _IG = "facebook", "instagram"

_FB_PROFILE = (
    ProfileField("name", ("name.full_name",), "profile.identity", visibility="public"),
    ProfileField("username", ("username",), "profile.identity", visibility="public"),
    ProfileField("profile_uri", ("profile_uri",), "profile.identity", visibility="public"),
    ProfileField("other_names", ("other_names.name", "previous_names.name"), "profile.identity"),
    ProfileField("emails", ("emails.emails", "emails.previous_emails", "emails.pending_emails"), "account.contact",
                 "contact_info", "private"),
    ProfileField("phone_numbers", ("phone_numbers.phone_number",), "account.contact", "contact_info", "private"),
    ProfileField("birthday", ("birthday.year", "birthday.month", "birthday.day"), "account.contact", "contact_info",
                 "private", "-"),
    ProfileField("gender", ("gender.gender_option",), "account.contact", "contact_info", "private"),
    ProfileField("current_city", ("current_city.name",), "profile.identity"),
    ProfileField("hometown", ("hometown.name",), "profile.identity"),
    ProfileField("relationship", ("relationship.status", "relationship.partner"), "profile.identity"),
    ProfileField("family_members", ("family_members.name",), "profile.identity"),
    ProfileField("education", ("education_experiences.name", "education_experiences.concentrations",
                               "education_experiences.degree"), "profile.career"),
    ProfileField("work", ("work_experiences.employer", "work_experiences.title", "work_experiences.description"),
                 "profile.career"),
    ProfileField("websites", ("websites.address",), "profile.identity"),
)
_IG_PROFILE = (
    ProfileField("username", ("string_map_data.Username|Gebruikersnaam|Benutzername|Nom d'utilisateur|Nombre de "
                              "usuario|Nome utente.value",), "profile.identity", visibility="public"),
    ProfileField("name", ("string_map_data.Name|Naam|Nom|Nombre|Nome.value",), "profile.identity",
                 visibility="public"),
    ProfileField("bio", ("string_map_data.Bio|Biografie|Biographie|Biografía|Biografia.value",), "profile.identity",
                 visibility="account"),
    ProfileField("website", ("string_map_data.Website|Site web|Sitio web|Sito web.value",), "profile.identity",
                 visibility="account"),
    ProfileField("email", ("string_map_data.Email|E-mail|E-Mail|Correo electrónico.value",), "account.contact",
                 "contact_info", "private"),
    ProfileField("phone_number", ("string_map_data.Phone Number|Telefoonnummer|Telefonnummer|Numéro de téléphone|"
                                  "Número de teléfono|Numero di telefono.value",), "account.contact", "contact_info",
                 "private"),
    ProfileField("date_of_birth", ("string_map_data.Date of birth|Geboortedatum|Geburtsdatum|Date de naissance|"
                                   "Fecha de nacimiento|Data di nascita.value",), "account.contact", "contact_info",
                 "private"),
    ProfileField("gender", ("string_map_data.Gender|Geslacht|Geschlecht|Genre|Sexo|Genere.value",),
                 "account.contact", "contact_info", "private"),
)

THREAD_KEYS = (b'"participants"', b'"messages"')  # a Messenger-format thread, whatever its file is called
_THREADS = (r"/messages/(?:inbox|archived_threads|e2ee_cutover|filtered_threads|message_requests)/[^/]+/"
            r"message_\d+\.json$")

SPECS: tuple[JsonSpec, ...] = (
    # ---- Facebook (formats.md §3)
    JsonSpec("post", r"/posts/your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.json$", "post",
             "content.post", text=("data.post", "attachments.data.text", "attachments.data.place.name",
                                   "attachments.data.place.address", "attachments.data.media.description",
                                   "attachments.data.external_context.name", "tags.name", "title"),
             dates=(("timestamp", _S), ("data.update_timestamp", _S), ("attachments.data.media.creation_timestamp",
                                                                         _S)),
             link=("attachments.data.external_context.url",), product=_FB),
    JsonSpec("post_elsewhere", r"/posts_on_other_pages_and_profiles\.json$", "post", "content.post",
             ("wall_posts_sent_to_other_v2", "posts_on_other_pages_v2"), ("label_values.value", "data.post", "title"),
             _TS, product=_FB),
    JsonSpec("photo", r"/(?:posts|photos_and_videos)/(?:your_uncategorized_photos|your_videos|album/\d+)\.json$",
             "media", "content.media", ("other_photos_v2", "videos_v2", "photos", "videos"),
             ("description", "title", "comments.comment"), (("creation_timestamp", _S),), product=_FB),
    JsonSpec("comment", r"/comments(?:_and_reactions)?/comments\.json$", "comment", "content.comment",
             ("comments_v2", "comments"), ("data.comment.comment", "attachments.data.external_context.url", "title"),
             (("timestamp", _S), ("data.comment.timestamp", _S)), product=_FB),
    JsonSpec("group_comment", r"/groups/your_comments_in_groups\.json$", "comment", "groups.activity",
             ("group_comments_v2", "group_comments"), ("data.comment.comment", "data.comment.group", "title"),
             (("timestamp", _S), ("data.comment.timestamp", _S)), product=_FB),
    JsonSpec("group_post", r"/groups/your_posts_in_groups\.json$", "post", "groups.activity",
             ("group_posts_v2", "group_posts"), ("data.post", "attachments.data.text", "title"), _TS, product=_FB),
    JsonSpec("reaction", r"/likes_and_reactions(?:_\d+)?\.json$|/likes_and_reactions/posts_and_comments\.json$",
             "reaction", "content.reaction", ("reactions", "reactions_v2"),
             ("title", "data.reaction.reaction", "label_values.value"), _TS, ("label_values.href",), product=_FB),
    JsonSpec("friend", r"/friends/(?:your_)?friends\.json$", "connection", "network.connections",
             ("friends_v2", "friends"), ("name",), _TS, product=_FB),
    JsonSpec("removed_friend", r"/friends/removed_friends\.json$", "connection", "network.connections",
             ("deleted_friends_v2", "deleted_friends"), ("name",), _TS, visibility="private", product=_FB),
    JsonSpec("friend_request", r"/(?:sent|received|rejected)_friend_requests\.json$", "invitation",
             "network.invitations", ("sent_requests_v2", "received_requests_v2", "rejected_requests_v2",
                                     "sent_requests", "received_requests", "rejected_requests"), ("name",), _TS,
             visibility="private", product=_FB),
    JsonSpec("following", r"/who_you(?:'|_)?ve_followed\.json$|/following/following\.json$", "connection",
             "network.follows", ("following_v3", "following_v2", "following"), ("name", "title"), _TS,
             product=_FB),
    JsonSpec("profile", r"/profile_information/profile_information\.json$", "profile", "profile.identity",
             ("profile_v2", "profile"), fields=_FB_PROFILE, product=_FB),
    JsonSpec("search", r"/your_search_history\.json$", "search", "search.queries", ("searches_v2", "searches"),
             ("data.text",), _TS, visibility="private", product=_FB),
    JsonSpec("ads_interest", r"/ads_interests\.json$", "inference", "ads.inferences", ("topics_v2", "topics"),
             ("value", "name"), visibility="private", product=_FB),
    JsonSpec("advertiser", r"/advertisers_using_your_activity_or_information\.json$", "ad_targeting",
             "ads.inferences", ("custom_audiences_all_types_v2", "custom_audiences_v2", "custom_audiences",
                                "ig_custom_audiences_all_types"),
             ("advertiser_name", "label_values.value", "value"), visibility="private"),
    JsonSpec("advertiser_interaction", r"/advertisers_you(?:'|_)?ve_interacted_with\.json$", "ad_targeting",
             "ads.engagement", ("history_v2", "history"), ("title", "label_values.value"), _TS, visibility="private",
             product=_FB),
    JsonSpec("off_meta_activity", r"/your_off-(?:meta|facebook)_activity\.json$|/off-facebook_activity\.json$|"
             r"/your_activity_off_meta_technologies\.json$", "ad_targeting", "ads.engagement",
             ("off_facebook_activity_v2", "off_facebook_activity", "apps_and_websites_off_meta_activity"),
             ("name", "events.type", "label_values.value"), (("events.timestamp", _S), ("timestamp", _S)),
             visibility="private"),
    JsonSpec("login", r"/(?:login_activity|logout_activity|signup_details|account_activity|logins_and_logouts|"
             r"where_you(?:'|_)?re_logged_in)\.json$", "account", "account.security_logs",
             ("account_history_login_history", "account_history_logout_history", "account_history_registration_info",
              "account_activity_v2", "account_accesses_v2", "active_sessions_v2"),
             (*_IG_MAP_TEXT, "action", "ip_address", "user_agent", "name"), (*_IG_MAP_DATES, ("created_timestamp", _S)),
             visibility="private"),
    # ---- Instagram (formats.md §4)
    JsonSpec("post", r"/(?:content|media)/posts(?:_\d+)?\.json$", "post", "content.post", (), _MEDIA_TEXT,
             _MEDIA_DATES, visibility="account", product=_IG),
    JsonSpec("story", r"/(?:content|media)/stories\.json$", "post", "content.story_reel", ("ig_stories",),
             _MEDIA_TEXT, _MEDIA_DATES, visibility="account", product=_IG),
    JsonSpec("reel", r"/(?:content|media)/reels\.json$", "post", "content.story_reel", ("ig_reels_media",),
             _MEDIA_TEXT, _MEDIA_DATES, visibility="account", product=_IG),
    JsonSpec("igtv", r"/(?:content|media)/igtv_videos\.json$", "post", "content.story_reel", ("ig_igtv_media",),
             _MEDIA_TEXT, _MEDIA_DATES, visibility="account", product=_IG),
    JsonSpec("profile_photo", r"/(?:content|media)/profile_photos\.json$", "profile", "profile.identity",
             ("ig_profile_picture",), _MEDIA_TEXT, _MEDIA_DATES, visibility="public", product=_IG),
    JsonSpec("deleted_post", r"/(?:content|media)/recently_deleted_content\.json$", "post", "content.post",
             ("ig_recently_deleted_media",), _MEDIA_TEXT, _MEDIA_DATES, visibility="private", product=_IG),
    JsonSpec("archived_post", r"/(?:content|media)/archived_posts\.json$", "post", "content.post",
             ("ig_archived_post_media",), _MEDIA_TEXT, _MEDIA_DATES, visibility="private", product=_IG),
    JsonSpec("other_media", r"/(?:content|media)/other_content\.json$", "media", "content.media",
             ("ig_other_media",), _MEDIA_TEXT, _MEDIA_DATES, visibility="account", product=_IG),
    JsonSpec("comment", r"/comments/(?:post_comments(?:_\d+)?|reels_comments|hype)\.json$", "comment",
             "content.comment", ("comments_media_comments", "comments_reels_comments", "comments_story_comments"),
             _IG_MAP_TEXT, _IG_MAP_DATES, product=_IG),
    JsonSpec("like", r"/likes/liked_(?:posts|comments)\.json$|/story_sticker_interactions/story_likes\.json$|"
             r"/story_interactions/story_likes\.json$", "reaction", "content.reaction",
             ("likes_media_likes", "likes_comment_likes", "story_activities_story_likes"), _IG_MAP_TEXT,
             _IG_MAP_DATES, _IG_LINK, product=_IG),
    JsonSpec("saved", r"/saved/saved_(?:posts|collections)\.json$", "other", "account.usage_stats",
             ("saved_saved_media", "saved_saved_collections"), _IG_MAP_TEXT, _IG_MAP_DATES, _IG_LINK,
             visibility="private", product=_IG),
    JsonSpec("follower", r"/followers_and_following/followers(?:_\d+)?\.json$", "connection", "network.follows",
             ("relationships_followers",), _IG_MAP_TEXT, _IG_MAP_DATES, _IG_LINK, product=_IG),
    JsonSpec("following", r"/followers_and_following/following\.json$", "connection", "network.follows",
             ("relationships_following",), _IG_MAP_TEXT, _IG_MAP_DATES, _IG_LINK, product=_IG),
    JsonSpec("close_friend", r"/followers_and_following/(?:close_friends|blocked_(?:profiles|accounts)|"
             r"restricted_(?:profiles|accounts)|hide_story_from)\.json$", "connection", "network.connections",
             ("relationships_close_friends", "relationships_blocked_users", "relationships_restricted_users",
              "relationships_hide_stories_from"), _IG_MAP_TEXT, _IG_MAP_DATES, _IG_LINK, visibility="private",
             product=_IG),
    JsonSpec("follow_request", r"/followers_and_following/(?:follow_requests_you(?:'|_)?ve_received|"
             r"pending_follow_requests|recent_follow_requests)\.json$", "invitation", "network.invitations",
             ("relationships_follow_requests_received", "relationships_follow_requests_sent",
              "relationships_permanent_follow_requests"), _IG_MAP_TEXT, _IG_MAP_DATES, _IG_LINK,
             visibility="private", product=_IG),
    JsonSpec("profile", r"/(?:personal_information/)?personal_information\.json$", "profile", "profile.identity",
             ("profile_user",), fields=_IG_PROFILE, product=_IG),
    JsonSpec("ads_interest", r"/(?:ads_interests|your_topics)\.json(?:_[\d_]+)?$", "inference", "ads.inferences",
             ("inferred_data_ig_interest", "topics_your_topics"), _IG_MAP_TEXT, visibility="private", product=_IG),
    JsonSpec("ads_viewed", r"/ads_and_topics/(?:ads_viewed|posts_viewed|videos_watched|ads_clicked|"
             r"suggested_profiles_viewed)\.json$", "ad_targeting", "ads.engagement",
             ("impressions_history_ads_seen", "impressions_history_posts_seen", "impressions_history_videos_watched",
              "impressions_history_ads_clicked", "impressions_history_chaining_seen"), _IG_MAP_TEXT, _IG_MAP_DATES,
             visibility="private", product=_IG),
    JsonSpec("search", r"/(?:account_searches|word_or_phrase_searches|tag_searches|profile_searches|"
             r"keyword_searches)\.json$", "search", "search.queries",
             ("searches_user", "searches_keyword", "searches_hashtag"), _IG_MAP_TEXT, _IG_MAP_DATES,
             visibility="private", product=_IG),
    # ---- Both: Messenger-format threads (Facebook Messenger §3.8, Instagram Direct §4.7)
    JsonSpec("message", _THREADS, "message", "messages.private", ("messages",), ("content", "share.share_text"),
             (("timestamp_ms", "ms"), ("timestamp", _S)), ("share.link",), "private", thread=True),
    # Meta AI conversations: their file names are not documented (formats.md has none); files under an `ai` or
    # `meta_ai` folder are read as AI interactions, every text in them kept.
    JsonSpec("meta_ai", r"/(?:meta_ai|ai|ai_at_meta)/[^/]+\.json$|/meta_ai[^/]*\.json$", "message", "ai.prompts",
             ("messages", "conversations"), ("content", "text", "prompt", "response", "label_values.value",
                                             "string_map_data.*.value"),
             (("timestamp_ms", "ms"), ("timestamp", _S), ("creation_timestamp", _S)), visibility="private"),
    JsonSpec("no_data", r"/no-data\.txt$", "other", "other.unmapped",
             not_read="Meta's marker of a category with nothing in it"),
)


THREAD = next(s for s in SPECS if s.thread)


def product_of(path: str, default: str) -> str:
    """The product a file belongs to: the Accounts Center export names each one's tree."""
    key = path.casefold()
    if "instagram" in key:
        return "instagram"
    return "facebook" if "facebook" in key else default


def spec_for(path: str, product: str) -> JsonSpec | None:
    """The row for a member path: among the rows that match, the product's own before the other's."""
    key = "/" + path.casefold()
    found = [s for s in SPECS if s.regex.search(key)]
    own = product_of(path, product)
    found.sort(key=lambda s: s.product not in (None, own))
    return found[0] if found else None


# Profile fields that are personal data by definition (each is a record of its own, its text the value).
PII_COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "facebook.profile": {"name": ("PERSON", "member"), "emails": ("EMAIL_ADDRESS", "member"),
                         "phone_numbers": ("PHONE_NUMBER", "member"), "birthday": ("DATE_TIME", "member"),
                         "current_city": ("LOCATION", "member"), "hometown": ("LOCATION", "member"),
                         "family_members": ("PERSON", "other"), "profile_uri": ("URL", "member")},
    "instagram.profile": {"name": ("PERSON", "member"), "email": ("EMAIL_ADDRESS", "member"),
                          "phone_number": ("PHONE_NUMBER", "member"), "date_of_birth": ("DATE_TIME", "member")},
}
