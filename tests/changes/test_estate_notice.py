"""``handbook diff`` per estate: what a change of the standard means in each estate, and where
an estate's own departures keep the change out of its handbook."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from handbook.cli import main

from conftest import DATA


def _edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_change_of_the_standard_per_estate(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    _edit(new, "sops/shift-handover.yaml", "交班前半小时开始整理", "交班前 40 分钟开始整理")
    _edit(new, "sops/move-in.yaml", "trigger: ", "trigger: （新）")
    _edit(new, "commitments.yaml", "受理投诉后 24 小时内向客户答复处理意见。", "受理投诉后 24 小时内答复客户。")
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    lnxc, hkyz = out.split("【项目 hkyz：海客瀛洲】")
    assert lnxc.startswith("【项目 lnxc：鲁能·星城】\n手册变更通知\n鲁能·星城 客户服务中心操作手册\n")
    assert "《交接班及值班制度》" in lnxc and "《入伙手续办理程序》" in lnxc and "「投诉答复」" in lnxc
    assert "本项目的偏离" not in lnxc and "海客瀛洲" not in lnxc
    # in hkyz the standard's changes are hidden by its departures: its handbook does not change
    assert "两个版本的手册内容没有差别。" in hkyz and "鲁能" not in hkyz
    assert "⚠ 本项目以自己的文本替换了《交接班及值班制度》" in hkyz
    assert "estates/hkyz/sops/shift-handover.yaml" in hkyz
    assert "公司标准修改了《入伙手续办理程序》；本项目不采用这个程序，无需处理" in hkyz
    assert "公司标准修改了服务承诺“投诉答复”（承诺文字）" in hkyz


def test_an_estates_own_procedure_changes_only_its_notice(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    _edit(new, "estates/hkyz/sops/slope-rainstorm-watch.yaml", "问清位置（楼栋", "问清具体位置（楼栋")
    assert main(["diff", str(old), str(new)]) == 0
    lnxc, hkyz = capsys.readouterr().out.split("【项目 hkyz：海客瀛洲】")
    assert "两个版本的手册内容没有差别。" in lnxc
    assert re.search(r"HKYZ-KF-QP-\d\d 《边坡、挡土墙及地下车库雨季巡查与险情报告》", hkyz) and "本项目的偏离" not in hkyz


def test_a_change_of_a_standard_procedure_an_estate_replaces(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    _edit(new, "sops/planned-outages.yaml", "当天向发出通知的单位电话确认", "当天向发出通知的单位再次电话确认")
    assert main(["diff", str(old), str(new)]) == 0
    lnxc, hkyz = capsys.readouterr().out.split("【项目 hkyz：海客瀛洲】")
    assert "《计划停水停电通知程序》" in lnxc and "两个版本的手册内容没有差别。" not in lnxc
    # hkyz's own text stands in its place: its handbook does not change, the notice says to check it
    assert "两个版本的手册内容没有差别。" in hkyz
    assert "⚠ 本项目以自己的文本替换了《计划停水停电通知程序》" in hkyz
    assert "estates/hkyz/sops/planned-outages.yaml" in hkyz
