"""Every place the adapter reaches past a public API, one module per library.

``mkdocs.py`` (a page's conversion results, the table of contents, the theme's template call, the
live-reload server's watches), ``material.py`` (the search plugin's index and its jieba step, the
search worker's files), ``jieba.py`` (the tokenizer's word table, its dictionary cache) and
``watchdog.py`` (the polling observer). Nothing else in ``handbook_mkdocs`` touches a private
attribute or an undocumented shape of those libraries, and nothing here falls back silently: each
touch is guarded by ``tests/mkdocs/test_internals.py``, which fails naming the attribute,
signature or pattern that an upgrade changed.
"""
