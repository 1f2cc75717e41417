"""The desk's own words: ``search.yaml`` and an estate's ``search_aliases`` lead to something there
(the wording of each problem is ``handbook.checks.aliases``)."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.checks.aliases import alias_problems, leads_of, model_text
from handbook.checks.context import CheckContext
from handbook.data import aliases
from handbook.data.problems import Problem


def search_words(ctx: CheckContext) -> Iterator[Problem]:
    words, ef = ctx.files.search, ctx.estates.file
    standard = words is not None and aliases.FILE in ctx.docs
    own = ef is not None and bool(ef.search_aliases) and ctx.estates.rel in ctx.docs
    if not standard and not own:
        return
    files = ctx.files
    texts = [model_text(v) for v in (files.handbook, files.organization, files.commitments, files.glossary)
             if v is not None]
    texts += [model_text(v) for v in (*ctx.roles.values(), *ctx.forms.values(), *ctx.sops.values())]
    sop_texts = {k: model_text(v) for k, v in ctx.sops.items()}
    omitted = [o.id for o in ef.procedures.omitted] if ef is not None else []
    # A role or form that only an omitted procedure used is the standard's still (an alias may name it).
    roles, forms = {*ctx.standard.roles, *files.roles}, {*ctx.standard.forms, *files.forms}
    if words is not None and standard:  # a procedure the estate omits is the standard's still
        yield from alias_problems(ctx.docs[aliases.FILE], words, [*files.sops, *omitted], sop_texts, "\0".join(texts),
                                  role_ids=roles, form_ids=forms)
    if ef is not None and own:  # the estate's own: checked like the standard's, against its handbook
        yield from alias_problems(
            ctx.docs[ctx.estates.rel], aliases.SearchWords(aliases=ef.search_aliases), files.sops, sop_texts,
            "\0".join(texts), key="search_aliases", taken=leads_of(words) if words is not None else None,
            role_ids=files.roles, form_ids=files.forms,
        )
