"""``amity demo``: a small network to explore in GraphiQL.

Members are created through the same use cases the API runs, so the demo gets the active
style's defaults and exercises the real code paths. The relationships between them
(connections, follows, requests, contacts, invites, a block) are then written with the ORM in
a few bulk inserts, shaped by the active style: follow_only gets follows and follow requests
instead of connections. Everything is deterministic except the random ids.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from amity.config import Settings
from amity.db import close_db, init_db
from amity.models import (
    Audience,
    Block,
    Connection,
    ConnectionRequest,
    Contact,
    ContactSource,
    Follow,
    FollowStatus,
    Invite,
    InviteStatus,
    MessageFilter,
    RequestFilter,
    RequestStatus,
    User,
    pair_key,
)
from amity.resolvers import auth, profile
from amity.resolvers.context import RequestContext
from amity.security import PasswordService, TokenService
from amity.server.app import build_engine
from amity.services import Services

__all__ = ["CONNECTIONS", "DEMO_PASSWORD", "MEMBERS", "load_demo"]

DEMO_PASSWORD = "amity-demo"

# handle, display name, headline, location
MEMBERS: list[tuple[str, str, str, str]] = [
    ("ada", "Ada Lovelace", "Analyst of engines", "London"),
    ("grace", "Grace Hopper", "Rear admiral, compiler author", "Arlington"),
    ("alan", "Alan Turing", "Computing machinery and intelligence", "Manchester"),
    ("katherine", "Katherine Johnson", "Orbital mechanics", "Hampton"),
    ("linus", "Linus Torvalds", "Kernel maintainer", "Portland"),
    ("margaret", "Margaret Hamilton", "Software engineering lead", "Cambridge"),
    ("dennis", "Dennis Ritchie", "C and Unix", "Murray Hill"),
    ("barbara", "Barbara Liskov", "Abstraction and substitution", "Boston"),
    ("edsger", "Edsger Dijkstra", "Shortest paths, structured programs", "Austin"),
    ("donald", "Donald Knuth", "The art of programming", "Stanford"),
    ("frances", "Frances Allen", "Optimising compilers", "New York"),
    ("john", "John McCarthy", "Lisp and AI", "Palo Alto"),
    ("radia", "Radia Perlman", "Spanning trees", "Seattle"),
    ("tim", "Tim Berners-Lee", "Inventor of the web", "Geneva"),
    ("shafi", "Shafi Goldwasser", "Cryptography", "Berkeley"),
    ("leslie", "Leslie Lamport", "Distributed systems", "Mountain View"),
    ("hedy", "Hedy Lamarr", "Frequency hopping", "Vienna"),
    ("guido", "Guido van Rossum", "Python", "Amsterdam"),
    ("anita", "Anita Borg", "Systems and advocacy", "San Francisco"),
    ("ken", "Ken Thompson", "Unix, Go", "Berkeley"),
    ("sophie", "Sophie Wilson", "ARM instruction set", "Cambridge"),
    ("vint", "Vint Cerf", "TCP/IP", "Washington"),
    ("jean", "Jean Bartik", "ENIAC programmer", "Philadelphia"),
    ("bjarne", "Bjarne Stroustrup", "C++", "Aarhus"),
    ("adele", "Adele Goldberg", "Smalltalk", "Palo Alto"),
    ("niklaus", "Niklaus Wirth", "Pascal and Oberon", "Zurich"),
    ("karen", "Karen Sparck Jones", "Inverse document frequency", "Cambridge"),
    ("yukihiro", "Yukihiro Matsumoto", "Ruby", "Matsue"),
    ("evelyn", "Evelyn Berezin", "Word processors", "New York"),
    ("james", "James Gosling", "Java", "Calgary"),
    ("mary", "Mary Kenneth Keller", "BASIC, first CS PhD", "Dubuque"),
    ("ward", "Ward Cunningham", "The wiki", "Portland"),
]

LOGINS: list[tuple[str, str, str]] = [
    ("ada", "Ada Lovelace", "well connected; requests in and out, contacts, invites, a block"),
    ("grace", "Grace Hopper", "many connections, an invite"),
    ("tim", "Tim Berners-Lee", "3rd degree from ada, waiting for her answer"),
    ("margaret", "Margaret Hamilton", "locked, takes requests from her network only"),
    ("linus", "Linus Torvalds", "popular, accepts no messages"),
    ("barbara", "Barbara Liskov", "takes requests from her contacts only"),
]

# Mixed privacy settings so that GraphiQL shows the audience rules at work.
SETTINGS: dict[str, dict[str, object]] = {
    "grace": {"email_audience": Audience.PUBLIC},
    "alan": {"bio_audience": Audience.ONLY_ME, "location_audience": Audience.CONNECTIONS},
    "katherine": {"discoverable": Audience.NETWORK},
    "linus": {"headline_audience": Audience.CONNECTIONS, "who_can_message": MessageFilter.NOBODY},
    "margaret": {"locked": True, "who_can_request": RequestFilter.NETWORK},
    "dennis": {"discoverable": Audience.ONLY_ME},
    "barbara": {"who_can_request": RequestFilter.CONTACTS, "email_audience": Audience.NETWORK},
    "edsger": {"location_audience": Audience.ONLY_ME},
    "radia": {"locked": True},
    "hedy": {"discoverable": Audience.CONNECTIONS, "bio_audience": Audience.PUBLIC},
    "ken": {"who_can_request": RequestFilter.NOBODY},
}


# Mutual connections (friendships on facebook; on follow_only, follows: every other pair both
# ways). From ada: 2nd degree through grace, alan, katherine, donald and frances; 3rd degree
# further out; the linus/ken/dennis cluster is out of her network.
CONNECTIONS: list[tuple[str, str]] = [
    ("ada", "grace"),
    ("ada", "alan"),
    ("ada", "katherine"),
    ("ada", "donald"),
    ("ada", "frances"),
    ("grace", "alan"),
    ("grace", "frances"),
    ("grace", "jean"),
    ("grace", "adele"),
    ("alan", "john"),
    ("alan", "edsger"),
    ("alan", "shafi"),
    ("katherine", "margaret"),
    ("katherine", "mary"),
    ("linus", "ken"),
    ("linus", "dennis"),
    ("linus", "guido"),
    ("linus", "bjarne"),
    ("dennis", "ken"),
    ("dennis", "bjarne"),
    ("ken", "yukihiro"),
    ("margaret", "hedy"),
    ("margaret", "anita"),
    ("barbara", "leslie"),
    ("barbara", "radia"),
    ("barbara", "edsger"),
    ("edsger", "niklaus"),
    ("donald", "leslie"),
    ("donald", "niklaus"),
    ("john", "tim"),
    ("tim", "vint"),
    ("vint", "radia"),
    ("guido", "james"),
    ("sophie", "anita"),
    ("sophie", "karen"),
    ("karen", "evelyn"),
    ("frances", "karen"),
]

# Open connection requests: sender, recipient, note (linkedin only), ignored by the recipient.
REQUESTS: list[tuple[str, str, str | None, bool]] = [
    ("tim", "ada", "We met at the web conference; let's connect.", False),
    ("sophie", "ada", None, False),
    ("ada", "guido", None, False),
    ("ward", "ada", "Would you like to write on my wiki?", True),
    ("hedy", "linus", None, False),
]

# One-way follows in every style (never of a locked member: facebook allows only friends).
FOLLOWS: list[tuple[str, str]] = [
    ("mary", "ada"),
    ("evelyn", "ada"),
    ("ward", "linus"),
    ("niklaus", "linus"),
    ("sophie", "linus"),
    ("ada", "tim"),
]

# follow_only: requests to follow the locked members, waiting for approval.
FOLLOW_REQUESTS: list[tuple[str, str]] = [
    ("ada", "margaret"),
    ("tim", "margaret"),
    ("ada", "radia"),
]

BLOCKS: list[tuple[str, str]] = [("ada", "james")]

# owner, name, email, company, source
CONTACTS: list[tuple[str, str, str, str | None, ContactSource]] = [
    ("ada", "Grace Hopper", "grace@example.org", "US Navy", ContactSource.MANUAL),
    ("ada", "Charles Babbage", "charles@example.org", "Analytical Engines", ContactSource.MANUAL),
    ("ada", "Mary Somerville", "Mary.Somerville@example.org", None, ContactSource.IMPORT),
    ("ada", "Barbara Liskov", "barbara@example.org", "MIT", ContactSource.IMPORT),
    # barbara only takes requests from her contacts: ada may request her, others may not.
    ("barbara", "Ada Lovelace", "ada@example.org", None, ContactSource.MANUAL),
    ("grace", "Howard Aiken", "howard@example.org", "Harvard", ContactSource.MANUAL),
]

# inviter, email of a non-member
INVITES: list[tuple[str, str]] = [
    ("ada", "charles@example.org"),
    ("ada", "mary.somerville@example.org"),
    ("grace", "howard@example.org"),
]

QUERIES = (
    "{ viewer { handle connectionCount followerCount "
    "incomingRequests { edges { node { sender { handle } note } } } } }",
    '{ user(handle: "tim") { relationship { degree label mutualConnectionCount } '
    "viewerCan { connect { allowed code } message { route code } } } }",
    "{ users(first: 5) { edges { node { handle headline relationship { label } } } } }",
    "{ policy { style limits { name value } } }",
)


async def load_demo(settings: Settings, *, reset: bool = False) -> None:
    """Load the demo network into the configured database and print logins."""
    await init_db(settings.database_url)
    try:
        if reset:
            from tortoise.contrib.test import truncate_all_models

            await truncate_all_models()
        if await User.exists():
            print("The database already holds members; run with --reset to reload the demo.")
        else:
            await _create_members(settings)
            await _create_network(settings.style)
        print(
            f"\nDemo network ({settings.style}) in {settings.database_url}: {len(MEMBERS)} members."
        )
        print(f"Log in with any handle below and the password {DEMO_PASSWORD!r}:")
        for handle, name, what in LOGINS:
            print(f"  {handle:<10} {name:<18} {what}")
        print('Log in: mutation { logIn(input: {login: "ada", password: "amity-demo"}) { token } }')
        print("then send the header  Authorization: Bearer <token>  and try:")
        for query in QUERIES:
            print(f"  {query}")
    finally:
        await close_db()


async def _create_members(settings: Settings) -> None:
    services = Services(
        settings=settings,
        engine=build_engine(settings),
        # Every demo member's password is public, so slow hashing would protect nothing and
        # cost seconds at every `make demo`; the server still hashes new sign-ups in full.
        passwords=PasswordService("fast"),
        tokens=TokenService(await auth.server_secret(settings.secret)),
    )
    for handle, name, headline, location in MEMBERS:
        ctx = RequestContext(services=services)
        session = await auth.sign_up(
            ctx,
            handle=handle,
            display_name=name,
            email=f"{handle}@example.org",
            password=DEMO_PASSWORD,
        )
        ctx.viewer = session.user
        first = name.split()[0]
        await profile.update_profile(
            ctx,
            {
                "headline": headline,
                "location": location,
                "bio": f"{first} is part of the amity demo network.",
            },
        )
        if handle in SETTINGS:
            await profile.update_privacy_settings(ctx, SETTINGS[handle])


async def _create_network(style: str) -> None:
    """Write the relationships between the members, shaped by the style, in one transaction."""
    users = {u.handle: u for u in await User.all()}
    now = datetime.now(UTC)
    follows: dict[tuple[str, str], FollowStatus] = {}
    connections: list[Connection] = []
    requests: list[ConnectionRequest] = []
    if style == "follow_only":
        for i, (a, b) in enumerate(CONNECTIONS):
            follows[a, b] = FollowStatus.ACTIVE
            if i % 2 == 0:
                follows[b, a] = FollowStatus.ACTIVE
        for a, b in FOLLOW_REQUESTS:
            follows[a, b] = FollowStatus.PENDING
    else:
        for a, b in CONNECTIONS:
            connections.append(Connection(user=users[a], other=users[b]))
            connections.append(Connection(user=users[b], other=users[a]))
            follows[a, b] = follows[b, a] = FollowStatus.ACTIVE
        for sender, recipient, note, ignored in REQUESTS:
            s, r = users[sender], users[recipient]
            requests.append(
                ConnectionRequest(
                    sender=s,
                    recipient=r,
                    note=note if style == "linkedin" else None,
                    status=RequestStatus.IGNORED if ignored else RequestStatus.PENDING,
                    open_pair=pair_key(s.id, r.id),
                )
            )
    for a, b in FOLLOWS:
        follows.setdefault((a, b), FollowStatus.ACTIVE)
    contacts = [
        Contact(
            owner=users[owner],
            name=name,
            email=email,
            email_key=email.lower(),
            company=company,
            source=source,
        )
        for owner, name, email, company, source in CONTACTS
    ]
    invites = [
        Invite(
            inviter=users[inviter],
            email=email,
            email_key=email.lower(),
            status=InviteStatus.PENDING,
            expires_at=now + timedelta(days=180),
            open_key=f"{users[inviter].id}:{email.lower()}",
        )
        for inviter, email in INVITES
    ]
    async with in_transaction():
        await Connection.bulk_create(connections)
        await ConnectionRequest.bulk_create(requests)
        await Follow.bulk_create(
            [
                Follow(follower=users[a], followee=users[b], status=st)
                for (a, b), st in follows.items()
            ]
        )
        await Block.bulk_create([Block(blocker=users[a], blocked=users[b]) for a, b in BLOCKS])
        await Contact.bulk_create(contacts)
        await Invite.bulk_create(invites)
        if style == "linkedin":
            await User.all().update(inmail_credits=5)
