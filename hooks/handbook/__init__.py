"""The handbook engine: load, check and render a procedures handbook kept as YAML.

This package never imports MkDocs. The MkDocs plugin (``handbook_mkdocs.plugin``) adapts it to MkDocs; the
``handbook`` command line (``handbook.cli``) uses it directly.
"""
