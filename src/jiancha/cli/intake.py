"""``jiancha agencies add|list|revoke`` (push keys), ``jiancha intake work|list`` and
``jiancha webhooks add|list|remove|log`` (a unit's systems told of new clues)."""

import signal
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from jiancha.cli.common import casework, console, minute, open_project

if TYPE_CHECKING:
    from jiancha.casebook.webhooks import Webhooks

agencies_app = typer.Typer(help="推送数据的机关密钥：签发、列出、吊销。", no_args_is_help=True)
intake_app = typer.Typer(help="推送数据的入库：运行入库进程、查看批次。", no_args_is_help=True)
webhooks_app = typer.Typer(
    help="回调地址：本单位新线索产生时，签名推送至本单位系统。", no_args_is_help=True
)


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

        def clues(evaluation: object) -> None:
            from jiancha.intake_clues import Evaluation

            assert isinstance(evaluation, Evaluation)
            out.info(
                f"线索更新（{len(evaluation.batches)} 个入库批次，"
                f"{len(evaluation.models)} 个模型）：新增 {evaluation.new} 条，"
                f"消除 {evaluation.resolved} 条"
            )
            for error in evaluation.errors:
                out.warn(error)

        if not once:
            out.info("入库进程已启动，等待推送的批次（Ctrl+C 退出）")
        count = worker.run(
            once=once,
            poll_seconds=poll,
            on_applied=applied,
            on_error=None if once else lambda exc: out.warn(f"{exc}；稍后重试"),
            stop=lambda: bool(stopping),
            on_clues=clues,
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


def _webhooks(work: object) -> "Webhooks":
    from jiancha.casebook.casework import Casework
    from jiancha.casebook.webhooks import Webhooks

    assert isinstance(work, Casework)
    return Webhooks(work.book, work.config.keys_dir)


@webhooks_app.command("add")
def webhooks_add(
    url: Annotated[str, typer.Argument(help="接收推送的地址，如 https://oa.example/jiancha")],
    unit: Annotated[str, typer.Option("--unit", help="单位代码（前缀），如 350602")],
) -> None:
    """登记回调地址：该单位每产生一条新线索，即向此地址签名推送（密钥只显示这一次）。"""
    with casework() as work:
        hook, secret = _webhooks(work).add(unit, url)
    out = console()
    out.info(f"已登记回调地址 {hook.id}：单位 {hook.unit_code} 的新线索将推送至 {hook.url}")
    out.info("签名密钥如下，请立即交付对方系统，此后无法再次查看（验签方法见 docs/webhooks.md）：")
    typer.echo(secret)


@webhooks_app.command("list")
def webhooks_list() -> None:
    """列出回调地址及其投递情况。"""
    with casework() as work:
        found = _webhooks(work).listed()
    if not found:
        console().info("尚未登记任何回调地址")
        return
    table = RichTable("编号", "单位", "地址", "登记时间", "状态", "待投递", "已投递", "失败")
    for hook in found:
        state = "有效" if hook.active else f"已删除（{minute(hook.removed_at)}）"  # type: ignore[arg-type]
        table.add_row(
            str(hook.id),
            hook.unit_code,
            hook.url,
            minute(hook.created_at),
            state,
            str(hook.pending),
            str(hook.delivered),
            str(hook.failed),
        )
    console().rich.print(table)


@webhooks_app.command("remove")
def webhooks_remove(webhook_id: Annotated[int, typer.Argument(help="回调地址编号")]) -> None:
    """删除回调地址（立即停止投递，删除其密钥；投递记录保留）。"""
    with casework() as work:
        hook = _webhooks(work).remove(webhook_id)
    console().info(f"已删除回调地址 {hook.id}（{hook.url}）")


@webhooks_app.command("log")
def webhooks_log(
    webhook_id: Annotated[int | None, typer.Argument(help="回调地址编号（不填：全部）")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多显示条数")] = 50,
) -> None:
    """列出最近的投递尝试：时间、线索、答复状态码或错误、耗时。"""
    from jiancha.casebook.views import display_id
    from jiancha.casebook.webhooks import STATUS_LABELS

    with casework() as work:
        found = _webhooks(work).attempts(webhook_id, limit=limit)
    if not found:
        console().info("尚无投递记录")
        return
    table = RichTable("时间", "线索", "第几次", "答复", "耗时（秒）", "投递状态")
    for a in found:
        answer = str(a.http_status) if a.http_status is not None else (a.error or "")
        table.add_row(
            minute(a.at),
            display_id(a.clue_id),
            str(a.attempt),
            answer,
            f"{a.seconds:.2f}",
            STATUS_LABELS.get(a.status, a.status),
        )
    console().rich.print(table)
