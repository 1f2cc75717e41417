"""The site model: every page stated once (:mod:`registry`), and :func:`build.build_site`, the one
typed bundle — pages, navigation, assets, search words — that every generator and the PDF take."""
