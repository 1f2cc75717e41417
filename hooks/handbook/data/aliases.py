"""The desk's own words (``procedures/search.yaml``): what people say, and what the handbook says.

An owner on the phone says 噪音, 扰民 or 楼上太吵; the handbook says 噪声 and files it under
complaints. Each alias lists what is said (``said``), and where it leads: the handbook's own word
(``written``), the procedure (``procedure``), or both. The search uses them when the index is
built (the procedure's page lists its aliases, so the words are on the page) and when a query is
cut into words (a said word also searches the written one). ``slip: true`` marks what the input
method gets wrong (装璜 for 装潢, 要是 for 钥匙): searched, but not printed on the procedure page.

An alias may also lead to a role's page (``role``: 收费员 → 收银员) or a form (``form``: 出门单 →
物品放行条): a query with that word names the page, and it comes first.

**Owners' words** (``kind``): what owners call the things a procedure deals with — animals, noise,
people, places, money, parts of the building, household things — grouped by kind, so a new word
has a place. Such an alias usually has only a ``written`` word (娃儿 → 儿童, 过道 → 楼道, 屋头 →
室内): the query also searches the handbook's word. The glossary page lists them by kind.

The file is optional: a handbook without it simply has no aliases.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from handbook.data.fields import Id, Strict, Text

FILE = "search.yaml"

#: The kinds of owners' words, and how the glossary page heads them.
WordKind = Literal["animals", "noise", "people", "places", "money", "building", "things"]
KIND_TITLES: dict[str, str] = {
    "animals": "动物", "noise": "声音与气味", "people": "人", "places": "地点", "money": "钱款", "building": "房屋部位与设施",
    "things": "物品与家电",
}


class Alias(Strict):
    said: list[Text] = Field(min_length=1, description="客户或前台的说法（可写多个），如 [噪音, 扰民]")
    written: Text | None = Field(
        default=None, description="手册原文中的对应词，如 噪声；写了就必须能在目标程序（或整本手册）中找到"
    )
    procedure: Id | None = Field(default=None, description="这些说法对应的程序 id，如 complaint-handling")
    role: Id | None = Field(default=None, description="这些说法指的岗位 id，如 cashier（收费员 → 收银员）：搜索时岗位页排第一")
    form: Id | None = Field(default=None, description="这些说法指的表格 id，如 goods-release-pass（出门单）：搜索时表格页排第一")
    kind: WordKind | None = Field(
        default=None,
        description="业主用词的类别：animals 动物、noise 声音与气味、people 人、places 地点、money 钱款、building 房屋部位与设施、things 物品与家电；术语页按类别列出",
    )
    slip: bool = Field(
        default=False, description="true：输入法的常见错字（如 装璜、要是），只用于搜索，不列在程序页上"
    )

    @model_validator(mode="after")
    def _leads_somewhere(self) -> "Alias":
        if self.written is None and self.procedure is None and self.role is None and self.form is None:
            raise ValueError("别名至少要写 written（手册原文中的词）、procedure、role 或 form 之一")
        if sum(x is not None for x in (self.procedure, self.role, self.form)) > 1:
            raise ValueError("procedure、role、form 只能写一个：一个说法只指向一个页面")
        return self


class SearchWords(Strict):
    aliases: list[Alias] = Field(default_factory=list, description="前台常听到的说法与手册用词的对照")


def said_words(aliases: list[Alias], procedure: str, *, slips: bool = False) -> list[str]:
    """The said words that lead to ``procedure``, in file order, unique (slips only if asked)."""
    words = [w for a in aliases if a.procedure == procedure and (slips or not a.slip) for w in a.said]
    return list(dict.fromkeys(words))
