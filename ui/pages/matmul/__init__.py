"""The matrix-multiply page's pieces (the page itself is ``views/matmul.py``).

- ``links``: the hover links between its grids (which cells a column, a row of C, an input cell light),
  built from convcore's ``MatmulView``
"""
