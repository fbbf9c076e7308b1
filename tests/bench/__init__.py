"""`make bench`: the performance bars of QUALITY.md, measured and printed as one table.

Not collected by pytest (no test_ files): benchmarks print figures, tests assert behaviour.
"""
