"""Use cases, one module per domain.

Each use case loads what it needs (relationship snapshots in batch), asks the policy engine,
writes in one transaction and returns plain values. Resolvers never decide a rule themselves.
"""
