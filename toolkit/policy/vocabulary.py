"""The policies' fine-grained record categories (policies.md §7.1, plus jobs.postings: job postings the member
published, which LinkedIn's UK notice names) and the purposes rules are reported under."""

from typing import Final

POLICY_CATEGORIES: Final = frozenset(
    """
profile.identity profile.career profile.endorsements_received profile.recommendations_received
profile.endorsements_given profile.recommendations_given content.post content.article content.comment
content.poll_response content.reaction content.repost content.media content.caption content.story_reel
content.review groups.activity groups.message messages.private messages.shared_with_ai ai.prompts ai.outputs
ai.feedback support.requests jobs.saved_screening_answers jobs.saved_resume jobs.application_specific jobs.salary
jobs.preferences jobs.postings search.queries account.credentials account.payment account.contact
account.security_logs account.usage_stats ads.inferences ads.engagement network.connections network.follows
network.invitations learning.activity content.draft content.private_post content.unanswered_ask content.subscriber_only
content.explicit qa.question qa.answer qa.comment profile.other_people_content other.unmapped
""".split()
)

# What a rule is about. genai and other_ml decide the contract's verdict columns; partner_ai (affiliates training
# their own models on shared data) and ads are reported beside them, never counted as the platform's AI training.
PURPOSES: Final = ("genai", "other_ml", "partner_ai", "ads")
VISIBILITIES: Final = ("public", "restricted", "private", "unknown")
