"""The served schema is a superset of the public contract, and schema.graphql is current.

The contract (a copy of the shared contract.graphql kept in tests/) may only be broken where
NOT_YET_IMPLEMENTED says so; that list shrinks as capabilities land, and an entry that no
longer breaks anything must be removed, so the list can never hide a regression.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema as parse_sdl
from graphql import find_breaking_changes

from amity.schema import build_schema

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = Path(__file__).resolve().parent / "contract.graphql"
SHARED_CONTRACT = ROOT.parent / "shared" / "contract.graphql"

#: Contract entries the server does not serve yet: conversations and subscriptions.
NOT_YET_IMPLEMENTED: frozenset[str] = frozenset(
    {
        "ConversationFolder was removed.",
        "Conversation was removed.",
        "Message was removed.",
        "ConversationEdge was removed.",
        "ConversationConnection was removed.",
        "MessageEdge was removed.",
        "MessageConnection was removed.",
        "StartConversationInput was removed.",
        "SendMessageInput was removed.",
        "ConversationPayload was removed.",
        "MessagePayload was removed.",
        "Subscription was removed.",
        "ViewerEventKind was removed.",
        "ViewerEvent was removed.",
        "Field Query.conversation was removed.",
        "Field User.conversations was removed.",
        "Field Mutation.startConversation was removed.",
        "Field Mutation.sendMessage was removed.",
        "Field Mutation.markConversationRead was removed.",
        "Field Mutation.acceptMessageRequest was removed.",
        "Field Mutation.archiveConversation was removed.",
    }
)


def breaking_changes() -> set[str]:
    contract = parse_sdl(CONTRACT.read_text())
    served = parse_sdl(build_schema().as_str())
    return {change.description for change in find_breaking_changes(contract, served)}


def test_served_schema_is_a_superset_of_the_contract_apart_from_the_listed_gaps() -> None:
    unexpected = breaking_changes() - NOT_YET_IMPLEMENTED
    assert not unexpected, f"the served schema breaks the contract: {sorted(unexpected)}"


def test_the_not_yet_implemented_list_names_only_real_gaps() -> None:
    stale = NOT_YET_IMPLEMENTED - breaking_changes()
    assert not stale, f"implemented now; remove from NOT_YET_IMPLEMENTED: {sorted(stale)}"


def test_committed_schema_file_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == build_schema().as_str() + "\n", "run: make schema"


@pytest.mark.skipif(not SHARED_CONTRACT.exists(), reason="no shared contract beside the repo")
def test_vendored_contract_is_the_shared_one() -> None:
    assert CONTRACT.read_text() == SHARED_CONTRACT.read_text(), "copy the new contract to tests/"
