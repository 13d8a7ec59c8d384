"""Small generated reports for the extract/scale tests (written here, not copied from gold)."""

from __future__ import annotations

from pathlib import Path

UNITS = ("社区", "村委会", "街道办", "卫生院", "文化站", "中学")
TOPICS = ("文明创建", "环境整治", "安全生产", "乡村振兴", "疫情防控", "民生服务")


def report_text(number: int) -> str:
    """A short work report; ``number`` varies units, topics and figures."""
    unit = UNITS[number % len(UNITS)]
    topic = TOPICS[(number // len(UNITS)) % len(TOPICS)]
    return (
        f"{unit}{2020 + number % 5}年{topic}工作总结\n"
        "一、基本情况\n"
        f"今年共投入资金{number + 3}万余元，新建活动场所{number % 7 + 2}处，"
        f"参与群众{100 + number}人次。\n"
        "二、主要做法\n"
        f"(一)加强组织领导。一是健全机构，成立{topic}领导小组。二是明确责任。\n"
        "(二)广泛宣传发动\n"
        f"1、开展“{topic}进万家”活动{number % 9 + 1}场。\n"
        "三、下一步打算\n"
        "继续巩固成果，争创市级文明单位。\n"
    )


def write_reports(folder: Path, count: int, *, nested: bool = True) -> list[Path]:
    """``count`` UTF-8 report files, some in subfolders; returns their paths."""
    paths = []
    for number in range(count):
        sub = folder / f"batch{number % 3}" if nested else folder
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"report_{number:03d}.txt"
        path.write_text(report_text(number), encoding="utf-8")
        paths.append(path)
    return paths
