"""The receptive-field page's pieces: the stack editor, its link, the layer table, the traced maps and the
effective receptive field's chart (``views/receptive_field.py`` puts them together)."""
