"""Benchmarks: speed is measured here and reported in docs/performance.md, never asserted."""
