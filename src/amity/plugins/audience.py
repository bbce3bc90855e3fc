"""Audience arithmetic shared by the built-in styles.

Each style answers one question, "how close is this viewer to this member?", as the narrowest
audience the viewer belongs to. Audiences nest (PUBLIC ⊃ NETWORK ⊃ CONNECTIONS ⊃ ONLY_ME), so
a field is visible when its audience is at least as wide as the viewer's closeness.
"""

from __future__ import annotations

from tortoise.expressions import Q

from amity.policies import Vote
from amity.vocabulary import Audience

__all__ = ["PROFILE_FIELDS", "discoverable_q", "reaches", "visible_vote"]

PROFILE_FIELDS = ("headline", "bio", "location", "email")


def reaches(audience: Audience, closeness: Audience) -> bool:
    """True when a viewer as close as ``closeness`` belongs to ``audience``."""
    return audience is not Audience.ONLY_ME and audience.includes(closeness)


#: Votes are immutable and the engine credits a copy to the plugin, so one instance serves.
_INSIDE = Vote.allow()


def visible_vote(audience: Audience, closeness: Audience) -> Vote | None:
    """Grant when the viewer is inside the audience; abstain otherwise (nobody else grants)."""
    return _INSIDE if reaches(audience, closeness) else None


def discoverable_q(closeness_ids: dict[Audience, Q]) -> Q:
    """Members whose ``discoverable`` audience includes the viewer.

    ``closeness_ids`` maps CONNECTIONS and NETWORK to a filter on the members the viewer is
    that close to; PUBLIC needs none.
    """
    q = Q(discoverable=Audience.PUBLIC)
    for audience, members in closeness_ids.items():
        wider = [a for a in Audience if a is not Audience.ONLY_ME and a.includes(audience)]
        q |= Q(discoverable__in=wider) & members
    return q
