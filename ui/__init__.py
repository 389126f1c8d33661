"""Everything the pages share that is not arithmetic: strings, widgets, figures.

convcore computes; ui draws. Nothing here recomputes a formula.
"""
