"""``amity demo``: a small network to explore in GraphiQL.

Members are created through the same use cases the API runs, so the demo gets the active
style's defaults and exercises the real code paths.
"""

from __future__ import annotations

from amity.config import Settings
from amity.db import close_db, init_db
from amity.models import Audience, MessageFilter, RequestFilter, User
from amity.resolvers import auth, profile
from amity.resolvers.context import RequestContext
from amity.security import PasswordService, TokenService
from amity.server.app import build_engine
from amity.services import Services

__all__ = ["DEMO_PASSWORD", "MEMBERS", "load_demo"]

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
        print(
            f"\nDemo network ({settings.style}) in {settings.database_url}: {len(MEMBERS)} members."
        )
        print(f"Log in with any handle below and the password {DEMO_PASSWORD!r}:")
        for handle, name, _, _ in MEMBERS[:6]:
            print(f"  {handle:<10} {name}")
        print('Try: mutation { logIn(input: {login: "ada", password: "amity-demo"}) { token } }')
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
