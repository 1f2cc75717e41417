"""The handbook's data model: what each YAML file under ``procedures/`` may contain.

The field types (ids, texts, dates, time limits) and the base ``Strict`` are in ``fields.py``.
The models are the single source of truth for three things: validation (pydantic, strict: a
number is not silently taken for text), the JSON Schema that editors use for completion
(``handbook schema``), and the field reference in the handbook's 编写与维护指南 page. Every field's
``description`` is therefore written for the person editing the YAML, in Chinese.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema, model_validator

from handbook.data.fields import Id, IsoDate, Revision, Strict, Text, TimeLimit, from_text, text_or_schema
from handbook.data.laws import LawRef

# --------------------------------------------------------------------------- handbook.yaml


class Estate(Strict):
    name: Text = Field(description="项目名称，如 某某花园")
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}$")] = Field(
        description="项目代码：2–6 个大写字母，用于文件编号，如 MMHY"
    )
    city: Text = Field(description="所在城市，如 中国·重庆")
    office: Text = Field(description="管理处名称，如 某某花园项目管理处")
    hotline: Text = Field(description="24 小时服务电话")
    front_desk_hours: Text = Field(description="客户服务中心前台办公时间")
    households: int = Field(ge=1, description="总户数（用于编制测算）")
    service_level: Text = Field(description="服务等级，如 中国物业管理协会一级")


class ProcedureGroup(Strict):
    title: Text = Field(description="分组标题，如 收费管理；导航中按组折叠")
    procedures: list[Id] = Field(min_length=1, description="本组各程序的 id，按先后顺序排列")


class Part(Strict):
    kind: Literal["organization", "procedures", "appendices"] = Field(
        description="部分类型：organization=组织架构及岗位职责，procedures=操作流程及制度，appendices=附录"
    )
    title: Text = Field(description="部分标题，如 组织架构及岗位职责")
    procedures: list[Id] = Field(
        default_factory=list,
        description="仅 procedures 部分：各程序的 id，按手册中的先后顺序排列（决定编号）",
    )
    groups: list[ProcedureGroup] = Field(
        default_factory=list,
        description=(
            "仅 procedures 部分，程序多时使用（与 procedures 二选一）：把程序分组，"
            "每组一个标题和程序列表；编号按各组先后连续排列，导航和检查单、表格目录都按组折叠"
        ),
    )

    def procedure_ids(self) -> list[str]:
        """Every procedure of this part, in the handbook's order (across its groups)."""
        return list(self.procedures) + [s for g in self.groups for s in g.procedures]


class HistoryEntry(Strict):
    revision: Revision
    date: IsoDate = Field(description="修订日期")
    summary: Text = Field(description="修订内容摘要")
    author: Text | None = Field(default=None, description="修订人")


class Handbook(Strict):
    title: Text = Field(description="手册标题，如 客户服务中心操作手册")
    edition: Text | None = Field(default=None, description="版本说明，如 修订本")
    estate: Estate = Field(description="本项目的基本信息（项目名称、电话、户数等只在此处填写一次）")
    company: Text = Field(description="物业服务企业名称")
    prepared_by: list[Text] = Field(min_length=1, description="编制单位")
    document_number: Text = Field(description="手册文件编号")
    revision: Revision
    effective_date: IsoDate = Field(description="生效日期")
    approver: Text = Field(description="签发人")
    review_cycle_months: int = Field(ge=1, le=60, description="评审周期（月）：各程序须在此期限内复审")
    parts: list[Part] = Field(min_length=1, description="手册各部分及其顺序")
    history: list[HistoryEntry] = Field(default_factory=list, description="手册整体修订记录")


class Standard(Strict):
    """handbook.yaml as written: the company standard's part of document control. The estate's
    own values (name, hotline, document number, revision ...) come from
    ``estates/<id>/estate.yaml`` (see ``handbook.data.estates``); a handbook of one estate
    without an ``estates/`` folder may still write them here."""

    title: Text = Field(description="手册标题，如 客户服务中心操作手册")
    edition: Text | None = Field(default=None, description="版本说明，如 修订本")
    estates: list[Id] = Field(
        default_factory=list,
        description="公司各项目的 id（estates/<id>/estate.yaml），按顺序；第一个是默认构建的项目",
    )
    estate: Estate | None = Field(default=None, description="仅单项目手册（不设 estates）：本项目的基本信息")
    company: Text | None = Field(default=None, description="仅单项目手册：物业服务企业名称")
    prepared_by: list[Text] | None = Field(default=None, description="仅单项目手册：编制单位")
    document_number: Text | None = Field(default=None, description="仅单项目手册：手册文件编号")
    revision: Revision = Field(description="公司标准的版号/改次")
    effective_date: IsoDate = Field(description="公司标准的生效日期")
    approver: Text | None = Field(default=None, description="签发人（项目的 estate.yaml 未写时采用）")
    review_cycle_months: int = Field(ge=1, le=60, description="评审周期（月）：各程序须在此期限内复审")
    parts: list[Part] = Field(min_length=1, description="手册各部分及其顺序")
    history: list[HistoryEntry] = Field(default_factory=list, description="公司标准的修订记录")


# --------------------------------------------------------------------------- commitments.yaml


class Commitment(Strict):
    id: Id
    title: Text = Field(description="承诺事项，如 急修到场")
    time_limit: TimeLimit | None = None
    promise: Text = Field(description="对客户的承诺，一句话")
    basis: Text | None = Field(default=None, description="依据，如 中物协一级标准、企业标准")


class Commitments(Strict):
    commitments: list[Commitment] = Field(min_length=1, description="服务承诺一览：各程序的时限引用这里")


# --------------------------------------------------------------------------- organization.yaml


class Partner(Strict):
    id: Id
    title: Text = Field(description="名称，如 工程部、业主/住户")
    description: Text | None = Field(default=None, description="说明")


class Position(Strict):
    role: Id = Field(description="岗位 id，对应 roles/<id>.yaml")
    number: int | None = Field(
        default=None, ge=1, le=99,
        description=(
            "岗位编号（1 即 1.0）：写了就每个岗位都要写，不得重复、不得跳号（撤销的编号列入 retired_numbers）。"
            "编号一经确定不再变动，新岗位用下一个空号；不写时按架构中的先后编号"
        ),
    )
    headcount: int = Field(ge=0, description="本项目编制人数")
    rule: Text | None = Field(default=None, description="定编依据，如 按每 400–500 户配 1 人")


class Unit(Strict):
    id: Id
    name: Text = Field(description="组别名称，如 前台组")
    positions: list[Position] = Field(min_length=1, description="本组岗位，按顺序决定岗位编号")


class Organization(Strict):
    center: Text = Field(description="部门名称，如 客户服务中心")
    reports_to: Id = Field(description="客户服务中心的上级（partners 中的 id）")
    overview: Text = Field(description="架构说明")
    staffing_rule: Text = Field(description="编制测算规则（按户数与服务等级）")
    duties: list[Text] = Field(min_length=1, description="客户服务中心工作职责")
    units: list[Unit] = Field(min_length=1, description="中心内部各组及岗位")
    retired_numbers: list[int] = Field(
        default_factory=list, description="已撤销岗位的编号：不再使用，也不让给别的岗位（岗位编号见 positions 的 number）"
    )
    partners: list[Partner] = Field(
        default_factory=list,
        description="程序中出现但不属于本中心的角色：业主/住户、工程部、秩序维护部、财务部等",
    )


# --------------------------------------------------------------------------- roles/<id>.yaml


class Kpi(Strict):
    indicator: Text = Field(description="考核指标")
    target: Text = Field(description="目标值")


class Duty(Strict):
    """One duty of a job description, and the procedures that carry it out (for the coverage check)."""

    text: Text = Field(description="职责内容")
    procedures: list[Id] = Field(
        default_factory=list,
        description="执行这项职责的程序 id（sops/<id>.yaml）；本岗位须在这些程序中有职责或步骤",
    )
    no_procedure: Text | None = Field(
        default=None,
        description="确实没有程序执行这项职责时写明理由；职责覆盖页把它列为已知缺口",
    )

    @model_validator(mode="after")
    def _one_way(self) -> "Duty":
        if self.procedures and self.no_procedure is not None:
            raise ValueError("procedures 与 no_procedure 只能写一个：有程序执行就不必说明理由")
        return self


DutyEntry = Annotated[Duty, BeforeValidator(from_text), WithJsonSchema(text_or_schema(Duty, "职责内容（未关联程序）"))]


class Role(Strict):
    title: Text = Field(description="岗位名称，如 客服助理")
    summary: Text = Field(description="岗位概述，一句话")
    reports_to: Id = Field(description="直接上级（岗位 id 或 partners 中的 id）")
    qualifications: list[Text] = Field(min_length=1, description="任职资格")
    duties: list[DutyEntry] = Field(
        min_length=1,
        description="岗位职责：一句文字，或 text 加 procedures（执行它的程序）/ no_procedure（没有程序的理由）",
    )
    authority: list[Text] = Field(default_factory=list, description="工作权限")
    kpis: list[Kpi] = Field(default_factory=list, description="绩效考核指标")
    hours: Text = Field(description="工作时间或班次")
    note: Text | None = Field(default=None, description="编写说明，如岗位设置的理由")


# --------------------------------------------------------------------------- sops/<id>.yaml


class Target(Strict):
    """Where the flow goes: exactly one of next / end / handoff (or none: the following step)."""

    next: Id | None = Field(default=None, description="下一步的 id")
    end: Literal[True] | None = Field(default=None, description="写 true 表示流程到此结束")
    handoff: Id | None = Field(default=None, description="转入另一程序（程序 id），本程序到此结束")

    @model_validator(mode="after")
    def _one_target(self) -> "Target":
        given = [k for k in ("next", "end", "handoff") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"{' 与 '.join(given)} 只能写一个：一步只能有一个去向")
        return self


class Branch(Target):
    label: Text = Field(description="分支标签，如 是、否、属有偿服务")

    @model_validator(mode="after")
    def _has_target(self) -> "Branch":
        if self.next is None and self.end is None and self.handoff is None:
            raise ValueError("分支缺少去向：写 next、end: true 或 handoff 之一")
        return self


class Decision(Strict):
    question: Text = Field(description="判断的问题，如 是否属于有偿服务？")
    branches: list[Branch] = Field(min_length=2, description="至少两个带标签的分支")


class Step(Target):
    id: Id
    role: Id = Field(description="负责岗位（岗位 id 或 partners 中的 id）")
    support: list[Id] = Field(default_factory=list, description="协助岗位")
    action: Text = Field(description="做什么：一句动宾短语，显示在流程图框内")
    details: Text | None = Field(default=None, description="怎么做：要求、标准、话术")
    time_limit: TimeLimit | None = None
    commitment: Id | None = Field(
        default=None, description="引用的服务承诺 id（commitments.yaml）；时限取自该承诺"
    )
    records: list[Id] = Field(default_factory=list, description="本步填写的表格 id（forms/<id>.yaml）")
    decision: Decision | None = Field(default=None, description="判断：带标签的分支")
    basis: list[LawRef] = Field(default_factory=list, description="依据：法规清单中的 id，可加条号，如 [civil-code:944, fire-law]")

    @model_validator(mode="after")
    def _decision_excludes_target(self) -> "Step":
        if self.decision is not None and any(
            getattr(self, k) is not None for k in ("next", "end", "handoff")
        ):
            raise ValueError("有 decision 的步骤由分支决定去向，不能再写 next、end 或 handoff")
        return self


class Responsibility(Strict):
    role: Id
    duty: Text = Field(description="该岗位在本程序中的职责")


class Definition(Strict):
    term: Text
    meaning: Text


class ChecklistItem(Strict):
    text: Text = Field(description="检查项：简短的祈使句")
    time_limit: TimeLimit | None = None
    commitment: Id | None = None


ChecklistEntry = Annotated[
    ChecklistItem, BeforeValidator(from_text), WithJsonSchema(text_or_schema(ChecklistItem, "检查项文字"))]


class ChecklistGroup(Strict):
    title: Text = Field(description="分组标题，如 受理时")
    items: list[ChecklistEntry] = Field(min_length=1, description="检查项（文字，或含 time_limit 的对象）")


class KeyPoint(Strict):
    text: Text = Field(description="注意事项")
    basis: list[LawRef] = Field(default_factory=list, description="依据：法规清单中的 id，可加条号，如 [civil-code:944]")


KeyPointEntry = Annotated[KeyPoint, BeforeValidator(from_text), WithJsonSchema(text_or_schema(KeyPoint, "注意事项"))]


class SelfCheck(Strict):
    question: Text
    answer: Text


SopKind = Literal["procedure", "rules", "policy", "standard"]


class Sop(Strict):
    title: Text = Field(description="标题，如 客户投诉处理程序")
    kind: SopKind = Field(
        description="类型：procedure=程序，rules=规程，policy=制度，standard=规范"
    )
    revision: Revision
    effective_date: IsoDate = Field(description="生效日期")
    owner: Id = Field(description="归口负责岗位 id")
    last_reviewed: IsoDate = Field(description="最近一次评审日期")
    purpose: Text = Field(description="目的")
    scope: Text = Field(description="适用范围")
    trigger: Text = Field(description="流程起点：什么情况下启动本程序（流程图的开始框）")
    responsibilities: list[Responsibility] = Field(min_length=1, description="职责")
    definitions: list[Definition] = Field(default_factory=list, description="定义")
    steps: list[Step] = Field(min_length=1, description="程序步骤（第一步为起点）")
    checklist: list[ChecklistGroup] = Field(min_length=1, description="前台检查单")
    checklist_fields: list[Text] = Field(
        default_factory=lambda: ["日期", "房号", "客户姓名", "联系电话", "经办人"],
        description="检查单顶部的填写栏",
    )
    key_points: list[KeyPointEntry] = Field(
        default_factory=list, description="注意事项：一句文字，或 text 加 basis（依据的法律法规条款）")
    self_check: list[SelfCheck] = Field(default_factory=list, description="自测题（含答案）")
    records: list[Id] = Field(
        default_factory=list, description="步骤之外还需保存的记录表格 id（步骤中的表格自动列入）"
    )
    related: list[Id] = Field(default_factory=list, description="相关程序 id")
    entry: bool = Field(
        default=False,
        description="true：入口程序，前台把客户的各类事项经它分转到其他程序（如前台接待、“一站式”服务）；新员工最先学",
    )
    history: list[HistoryEntry] = Field(min_length=1, description="修订记录")


# --------------------------------------------------------------------------- forms/<id>.yaml

FieldKind = Literal["text", "textarea", "date", "time", "datetime", "number", "money", "phone", "choice", "signature"]


class FormField(Strict):
    label: Text = Field(description="栏目名称，如 房号")
    kind: FieldKind = Field(
        default="text",
        description=(
            "栏目类型：text 文字、textarea 多行、date 日期、time 时间、datetime 日期时间、number 数字、"
            "money 金额、phone 电话、choice 勾选、signature 签名"
        ),
    )
    options: list[Text] = Field(default_factory=list, description="choice 类型的选项")
    lines: int = Field(default=1, ge=1, le=12, description="留空行数（textarea）")

    @model_validator(mode="after")
    def _options_for_choice(self) -> "FormField":
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError("choice 类型的栏目至少需要两个 options")
        if self.kind != "choice" and self.options:
            raise ValueError("只有 kind: choice 的栏目才能写 options")
        return self


class FormSection(Strict):
    title: Text | None = None
    fields: list[FormField] = Field(min_length=1)


class Form(Strict):
    title: Text = Field(description="表格名称，如 特约服务工作单")
    purpose: Text = Field(description="用途")
    copies: Text | None = Field(default=None, description="联数，如 一式三联：存根联、派工联、客户联")
    retention: Text = Field(description="保存期限，如 2 年")
    keeper: Id = Field(description="保管岗位 id")
    sections: list[FormSection] = Field(min_length=1, description="栏目分组")
    rows: int = Field(default=0, ge=0, le=30, description="登记簿式表格的空行数（0 表示单张表单）")


# --------------------------------------------------------------------------- glossary.yaml


class Term(Strict):
    term: Text
    english: Text | None = None
    meaning: Text


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)


#: Which model each kind of file is validated against, and where it lives.
SINGLE_FILES: dict[str, type[Strict]] = {
    "handbook.yaml": Standard,
    "organization.yaml": Organization,
    "commitments.yaml": Commitments,
    "glossary.yaml": Glossary,
}
COLLECTIONS: dict[str, type[Strict]] = {
    "roles": Role,
    "sops": Sop,
    "forms": Form,
}
