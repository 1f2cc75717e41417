"""The handbook built with Zensical, Material for MkDocs' successor, from the core's pages.

Zensical runs no MkDocs hooks, so this adapter does before the build what ``mkdocs_hooks.py``
does during it: check the data, write the generated pages beside the hand-written ones, and write
a configuration with the navigation from the data. Run ``python -m handbook_zensical`` (``make
build-zensical``).
"""
