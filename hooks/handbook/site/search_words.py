"""What the search needs from the data, for any generator: the handbook's own short words (for the
word segmenter's dictionary), and the desk's words of ``search.yaml`` with what each also searches
and the procedure pages it names (for the query side)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handbook.manual.manual import Manual
from handbook.render import urls

_SPLIT = re.compile(r"[/／（）()、，,：:\s“”\"·]+")
# The Han script, as Material's ``\p{script: Han}`` sees it (BMP blocks, compatibility
# ideographs, iteration marks and the supplementary planes).
HAN = "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HAN_WORD = re.compile(f"^[{HAN}]{{2,4}}$")


@dataclass(frozen=True)
class SearchWords:
    #: The handbook's own short words, for the segmenter's dictionary (sorted, unique).
    words: tuple[str, ...] = ()
    #: Each said word of ``search.yaml`` and the handbook's words it also searches.
    aliases: dict[str, list[str]] = field(default_factory=dict)
    #: Each said word and the procedure, role or form pages (served address without its slash)
    #: it leads to.
    pages: dict[str, list[str]] = field(default_factory=dict)
    #: Each procedure, role and form page (served address without its slash) and its title: a
    #: query that asks for a role or a form names the page whose title shares most of its
    #: characters; a query that covers a title names its page.
    titles: dict[str, str] = field(default_factory=dict)
    #: Each procedure page that its first revision says was taken out of another procedure
    #: (``由原“…”中的…分出``), and the title that procedure had: the search shows the procedure a
    #: pending one comes from, the rule until then, before it (``search_prelude.js``).
    origins: dict[str, str] = field(default_factory=dict)
    #: Each role and form page and what it is about, in the data's words: a role's summary, its
    #: duties and the titles of the procedures it performs; a form's purpose and the titles of
    #: the procedures that fill it in; for both, what the desk calls them (``search.yaml``'s said
    #: words with ``role:`` or ``form:``). A query that asks for a role or a form by what it does
    #: (收钱的那个岗位, 访客开车进来要记的本子) is matched against these (``search_prelude.js``).
    descriptions: dict[str, str] = field(default_factory=dict)


def segmenter_words(manual: Manual) -> list[str]:
    """The handbook's own short words, to add to the segmenter's dictionary (sorted, unique)."""
    titles = [t.term for t in manual.glossary.terms]
    titles += [r.title for r in manual.roles.values()]
    titles += [p.title for p in manual.organization.partners]
    titles += [d.term for s in manual.sops.values() for d in s.definitions]
    titles += [s.title for s in manual.sops.values()]
    titles += [f.title for f in manual.forms.values()]
    titles += [c.title for c in manual.commitments.values()]
    titles += [w for a in manual.aliases if not a.slip for w in [*a.said, a.written or ""]]
    return sorted({word for title in titles for word in _SPLIT.split(title) if _HAN_WORD.match(word)})


def query_aliases(manual: Manual) -> dict[str, list[str]]:
    """Each said word of ``search.yaml`` and the handbook's words it also searches (its
    ``written`` word)."""
    table: dict[str, list[str]] = {}
    for alias in manual.aliases:
        if alias.written:
            for word in alias.said:
                table.setdefault(word, [])
                if alias.written not in table[word]:
                    table[word].append(alias.written)
    return table


def alias_pages(manual: Manual) -> dict[str, list[str]]:
    """Each said word and the procedure, role or form page (``sops/<id>``, ``roles/<id>``,
    ``forms/<id>``) it leads to. The input method's slips are left out: as a part of a longer query
    (要是 in 要是停电了) they would name a page nobody meant."""
    table: dict[str, list[str]] = {}
    for alias in manual.aliases:
        if alias.slip:
            continue
        if alias.procedure and alias.procedure in manual.sops:
            target = urls.sop(alias.procedure)
        elif alias.role and alias.role in manual.roles:
            target = urls.role(alias.role)
        elif alias.form and alias.form in manual.forms:
            target = urls.form(alias.form)
        else:
            continue
        page = urls.served(target).rstrip("/")
        for word in alias.said:
            table.setdefault(word, [])
            if page not in table[word]:
                table[word].append(page)
    return table


def page_titles(manual: Manual) -> dict[str, str]:
    """Each procedure, role and form page (served address without its slash) and its title."""
    titles = {urls.served(urls.sop(k)).rstrip("/"): s.title for k, s in manual.sops.items()}
    titles.update({urls.served(urls.role(k)).rstrip("/"): r.title for k, r in manual.roles.items()})
    titles.update({urls.served(urls.form(k)).rstrip("/"): f.title for k, f in manual.forms.items()})
    return titles


_ORIGIN = re.compile(r"由原[“\"《]([^”\"》]+)[”\"》]")


def page_origins(manual: Manual) -> dict[str, str]:
    """Each procedure page whose first revision names the procedure it was taken out of
    (``新增：由原“租户登记、宠物管理与邻里纠纷调解程序”中的养犬三步分出``), and that title."""
    origins: dict[str, str] = {}
    for key, sop in manual.sops.items():
        if not sop.history:
            continue
        first = min(sop.history, key=lambda h: str(h.date))
        match = _ORIGIN.search(str(first.summary))
        if match:
            origins[urls.served(urls.sop(key)).rstrip("/")] = match.group(1)
    return origins


_HAN_RUN = re.compile(f"[{HAN}]+")


def _han(*texts: object) -> str:
    """The runs of Chinese characters of ``texts``, one space between them (markup and numbers left out)."""
    return " ".join(run for text in texts for run in _HAN_RUN.findall(str(text or "")))


def page_descriptions(manual: Manual) -> dict[str, str]:
    """Each role and form page and its description (see ``SearchWords.descriptions``)."""
    def title(sop_id: str) -> str:
        return manual.sops[sop_id].title if sop_id in manual.sops else ""

    # what the desk calls a role or a form (search.yaml: 收钱的, 水电工 → the role; 出门单 → the form)
    called: dict[str, list[str]] = {}
    for alias in manual.aliases:
        if alias.slip:
            continue
        if alias.role:
            called.setdefault(urls.served(urls.role(alias.role)).rstrip("/"), []).extend(alias.said)
        elif alias.form:
            called.setdefault(urls.served(urls.form(alias.form)).rstrip("/"), []).extend(alias.said)

    out: dict[str, str] = {}
    for key, role in manual.roles.items():
        page = urls.served(urls.role(key)).rstrip("/")
        performed = sorted({s for duty in role.duties for s in duty.procedures})
        out[page] = _han(role.title, *called.get(page, []), role.summary, *(duty.text for duty in role.duties),
                         *(title(s) for s in performed))
    users: dict[str, set[str]] = {}
    for sop_id, sop in manual.sops.items():
        for form_id in [*sop.records, *(f for step in sop.steps for f in step.records)]:
            users.setdefault(form_id, set()).add(sop_id)
    for key, form in manual.forms.items():
        page = urls.served(urls.form(key)).rstrip("/")
        out[page] = _han(form.title, *called.get(page, []), form.purpose, *(title(s) for s in sorted(users.get(key, ()))))
    return out


def search_words(manual: Manual) -> SearchWords:
    return SearchWords(tuple(segmenter_words(manual)), query_aliases(manual), alias_pages(manual), page_titles(manual),
                       page_origins(manual), page_descriptions(manual))
