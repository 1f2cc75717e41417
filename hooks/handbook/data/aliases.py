"""The desk's own words (``procedures/search.yaml``): what people say, and what the handbook says.

An owner on the phone says 噪音, 扰民 or 楼上太吵; the handbook says 噪声 and files it under
complaints. Each alias lists what is said (``said``), and where it leads: the handbook's own word
(``written``), the procedure (``procedure``), or both. The search uses them when the index is
built (the procedure's page lists its aliases, so the words are on the page) and when a query is
cut into words (a said word also searches the written one). ``slip: true`` marks what the input
method gets wrong (装璜 for 装潢, 要是 for 钥匙): searched, but not printed on the procedure page.

The file is optional: a handbook without it simply has no aliases.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from handbook.data.fields import Id, Strict, Text

FILE = "search.yaml"


class Alias(Strict):
    said: list[Text] = Field(min_length=1, description="客户或前台的说法（可写多个），如 [噪音, 扰民]")
    written: Text | None = Field(
        default=None, description="手册原文中的对应词，如 噪声；写了就必须能在目标程序（或整本手册）中找到"
    )
    procedure: Id | None = Field(default=None, description="这些说法对应的程序 id，如 complaint-handling")
    slip: bool = Field(
        default=False, description="true：输入法的常见错字（如 装璜、要是），只用于搜索，不列在程序页上"
    )

    @model_validator(mode="after")
    def _leads_somewhere(self) -> "Alias":
        if self.written is None and self.procedure is None:
            raise ValueError("别名至少要写 written（手册原文中的词）或 procedure（程序 id）之一")
        return self


class SearchWords(Strict):
    aliases: list[Alias] = Field(default_factory=list, description="前台常听到的说法与手册用词的对照")


def said_words(aliases: list[Alias], procedure: str, *, slips: bool = False) -> list[str]:
    """The said words that lead to ``procedure``, in file order, unique (slips only if asked)."""
    words = [w for a in aliases if a.procedure == procedure and (slips or not a.slip) for w in a.said]
    return list(dict.fromkeys(words))
