"""The handbook engine: load, check and render a procedures handbook kept as YAML.

This package never imports MkDocs. ``hooks/mkdocs_hooks.py`` adapts it to MkDocs events; the
``handbook`` command line (``handbook.cli``) uses it directly.
"""
