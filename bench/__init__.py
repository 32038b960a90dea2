"""`make bench`: page timings and query counts against a seeded synthetic organisation.

A benchmark, not a test: see docs/bench.md. The entry point is bench/run.py.
"""
