"""Pieces that belong to one page each, one package a page (``ui/pages/<page>/``), split by job."""
