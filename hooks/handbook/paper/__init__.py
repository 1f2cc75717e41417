"""The handbook on paper: the whole manual as one PDF, the binder of checklists, the pack of forms.

Built from the core's own output, not from the built site: :mod:`document` takes the pages that
:mod:`handbook.render` writes for the site (the same functions, so the PDF cannot disagree with
the site), turns their Markdown into HTML with the site's Markdown extensions, and assembles one
document with a cover, a table of contents and running heads; :mod:`pdf` lays it out with
WeasyPrint (CSS Paged Media: ``target-counter`` page numbers, bookmarks, named pages), from
local files only.
"""
