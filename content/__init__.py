"""Enablement content: the pure rules.

Kinds, size limits and their checks (``content.rules``), the text an item is indexed and a
query searched by, with Thai and Chinese runs cut into words and character pairs
(``content.terms``), and when an item is live (``content.window``). No I/O: the word
segmenters (jieba, PyThaiNLP, which load dictionaries) are handed in as functions by
``services.content``.
"""
