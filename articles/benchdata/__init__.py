"""Realistic newsroom data at scale, for ``manage.py bench_find`` (``make bench-find``).

``words`` holds the vocabulary, ``stories`` decides people, tags and stories
from one seeded generator, ``loading`` writes them to the database in bulk.
"""
