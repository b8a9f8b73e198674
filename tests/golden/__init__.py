"""Golden output tables of the demo company, and how to compare with them.

Regenerate deliberately after a change in results:
    python -m tests.golden.regenerate
"""
