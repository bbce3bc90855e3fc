"""amity: a GraphQL API for the relationships of a network, whose rules are plugins."""

__version__ = "0.1.0"

__all__ = ["__version__"]
