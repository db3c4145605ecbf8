"""``jiancha agencies add|list|revoke`` (push keys) and ``jiancha intake work|list``."""

import signal
from typing import Annotated

import typer
from rich.table import Table as RichTable

from jiancha.cli.common import casework, console, minute, open_project

agencies_app = typer.Typer(help="推送数据的机关密钥：签发、列出、吊销。", no_args_is_help=True)
intake_app = typer.Typer(help="推送数据的入库：运行入库进程、查看批次。", no_args_is_help=True)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


@agencies_app.command("add")
def agencies_add(
    name: Annotated[str, typer.Argument(help="机关名称，如 漳州市公安局")],
    tables: Annotated[
        str, typer.Option("--tables", help="可推送的数据表，逗号分隔，如 case_report,criminal_case")
    ],
    units: Annotated[str, typer.Option("--units", help="授权的单位代码前缀，逗号分隔，如 3506")],
) -> None:
    """为机关签发推送密钥（密钥只显示这一次，案件库只保存其摘要）。"""
    with casework() as work:
        agency, key = work.intake.add_agency(name, _split(tables), _split(units))
    out = console()
    out.info(
        f"已为“{agency.name}”签发推送密钥（数据表：{'、'.join(agency.tables)}；"
        f"单位：{'、'.join(agency.units)}）"
    )
    out.info("请立即妥善交付，此后无法再次查看：")
    typer.echo(key)


@agencies_app.command("list")
def agencies_list() -> None:
    """列出机关密钥。"""
    with casework() as work:
        found = work.intake.agencies()
    if not found:
        console().info("尚未签发任何机关密钥")
        return
    table = RichTable("机关", "数据表", "单位", "签发时间", "状态")
    for agency in found:
        state = "有效" if agency.active else f"已吊销（{minute(agency.revoked_at)}）"  # type: ignore[arg-type]
        table.add_row(
            agency.name,
            "、".join(agency.tables),
            "、".join(agency.units),
            minute(agency.created_at),
            state,
        )
    console().rich.print(table)


@agencies_app.command("revoke")
def agencies_revoke(name: Annotated[str, typer.Argument(help="机关名称")]) -> None:
    """吊销机关的推送密钥（立即生效）。"""
    with casework() as work:
        agency = work.intake.revoke(name)
    console().info(f"已吊销“{agency.name}”的推送密钥")


@intake_app.command("work")
def intake_work(
    once: Annotated[bool, typer.Option("--once", help="处理完队列中的批次即退出")] = False,
    poll: Annotated[float, typer.Option("--poll", help="队列为空时的等待秒数")] = 1.0,
) -> None:
    """运行入库进程：按接收顺序把推送的批次写入数据仓库（同一项目只应运行一个）。"""
    from jiancha.intake import IntakeWorker

    project = open_project()
    out = console()
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))

    with project.casework() as work:
        worker = IntakeWorker(project, work)

        def applied(batch: object) -> None:
            from jiancha.casebook.intake import BatchView

            assert isinstance(batch, BatchView)
            counts = batch.counts
            out.info(
                f"批次 {batch.id}（{batch.agency}，{batch.table_label}）{batch.status_label}："
                f"入库 {counts.get('stored', 0)} 条（新增 {counts.get('new', 0)}，"
                f"替换 {counts.get('replaced', 0)}），隔离 {counts.get('quarantined', 0)} 条"
                + (f"；{batch.error}" if batch.error else "")
            )

        if not once:
            out.info("入库进程已启动，等待推送的批次（Ctrl+C 退出）")
        count = worker.run(
            once=once,
            poll_seconds=poll,
            on_applied=applied,
            on_error=None if once else lambda exc: out.warn(f"{exc}；稍后重试"),
            stop=lambda: bool(stopping),
        )
    out.info(f"共处理 {count} 个批次")


@intake_app.command("list")
def intake_list(
    agency: Annotated[str | None, typer.Option("--agency", help="只看该机关的批次")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多显示条数")] = 50,
) -> None:
    """列出最近推送的批次及其结果。"""
    with casework() as work:
        agency_id = None
        if agency is not None:
            match = [a for a in work.intake.agencies() if a.name == agency]
            if not match:
                from jiancha.errors import NotFound

                raise NotFound(f"没有名为“{agency}”的机关密钥")
            agency_id = match[0].id
        batches = work.intake.batches(agency_id, limit=limit)
    table = RichTable("批次", "机关", "数据表", "记录数", "状态", "入库", "隔离", "接收时间")
    for b in batches:
        table.add_row(
            str(b.id),
            b.agency,
            b.table_label,
            str(b.record_count),
            b.status_label,
            str(b.counts.get("stored", "")),
            str(b.counts.get("quarantined", "")),
            minute(b.received_at),
        )
    console().rich.print(table)
