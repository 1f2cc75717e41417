"""The handbook built with Zensical, Material for MkDocs' successor, from the core's pages.

Zensical runs no MkDocs plugin, so this adapter does before the build what ``handbook_mkdocs.plugin``
does during it, from the same ``build_site()``: check the data, write the generated pages beside the hand-written ones, and write
a configuration with the navigation from the data. Run ``python -m handbook_zensical`` (``make
build-zensical``).
"""
