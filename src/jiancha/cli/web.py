"""``jiancha serve`` and ``jiancha users add|grant|revoke|list|token``."""

import getpass
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from jiancha.cli.common import casework, console, default_actor, open_project
from jiancha.errors import UsageError

if TYPE_CHECKING:  # the casebook (SQLAlchemy) loads when a command uses it
    from jiancha.casebook.accounts import UserView

UnitsOpt = Annotated[list[str], typer.Option("--unit", "-u", help="管辖单位代码前缀（可多次给出）")]

LOOPBACK = ("127.0.0.1", "localhost", "::1")

users_app = typer.Typer(
    help="工作台用户：添加、授权、撤销、列出、改密码、重置、解除登录限制、启用",
    no_args_is_help=True,
)
commands = typer.Typer()  # serve, added to the main app as it is


@commands.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="工作进程数（默认：CPU 核数，最多 4）"),
    ] = None,
) -> None:
    """启动网页工作台。"""
    from jiancha.web.asgi import default_workers
    from jiancha.web.asgi import serve as serve_workbench

    project = open_project()
    count = workers or default_workers()
    console().info(f"工作台：http://{host}:{port}/  （{count} 个工作进程，Ctrl+C 退出）")
    if host not in LOOPBACK and not project.config.web.public_url:
        console().warn(
            "对外提供服务时，请在 jiancha.toml 的 [web] 中设置 public_url（及 trusted_proxies），"
            "并置于 HTTPS 反向代理之后（见 docs/security.md）"
        )
    serve_workbench(project.root, host, port, count)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[
        str, typer.Option("--role", "-r", help="analyst|prosecutor|leader|auditor|admin")
    ],
    unit: UnitsOpt,
    name: Annotated[str | None, typer.Option("--name", help="姓名")] = None,
    password: Annotated[
        str | None, typer.Option("--password", help="密码（不给则提示输入）")
    ] = None,
) -> None:
    """添加用户。"""
    secret = password or getpass.getpass("密码：")
    with casework() as work:
        user = work.accounts.add(username, secret, role, unit, display_name=name)
    console().info(f"已添加用户 {user.username}（{user.role_label}，{'、'.join(user.units)}）")


@users_app.command("grant")
def users_grant(username: str, unit: UnitsOpt) -> None:
    """给用户增加管辖单位。"""
    with casework() as work:
        user = work.accounts.grant(username, unit)
    console().info(f"{user.username} 的管辖单位：{'、'.join(user.units)}")


@users_app.command("revoke")
def users_revoke(
    username: str,
    unit: Annotated[
        list[str] | None, typer.Option("--unit", "-u", help="撤销的单位；不给则停用账号")
    ] = None,
) -> None:
    """撤销管辖单位，或停用账号。"""
    with casework() as work:
        user = work.accounts.revoke(username, unit)
    state = "已停用" if not user.active else f"管辖单位：{'、'.join(user.units) or '无'}"
    console().info(f"{user.username} {state}")


def _new_password(given: str | None) -> str:
    if given:
        return given
    first = getpass.getpass("新密码（至少 12 个字符）：")
    if getpass.getpass("再输入一次：") != first:
        raise UsageError("两次输入的密码不一致")
    return first


@users_app.command("passwd")
def users_passwd(
    username: Annotated[str, typer.Argument(help="用户名")],
    password: Annotated[
        str | None, typer.Option("--password", help="新密码（不给则提示输入两次）")
    ] = None,
) -> None:
    """设置用户的新密码（该用户已登录的会话全部失效）。"""
    secret = _new_password(password)
    with casework() as work:
        user = work.accounts.set_password(username, secret)
        work.audit.record(default_actor(), "user_admin", detail=_detail(user, "passwd"))
    console().info(f"已为 {user.username} 设置新密码")


@users_app.command("reset")
def users_reset(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """重置为随机密码并打印一次（交给本人后请其尽快修改）。"""
    with casework() as work:
        user, secret = work.accounts.reset_password(username)
        work.audit.record(default_actor(), "user_admin", detail=_detail(user, "reset"))
    console().info(f"已重置 {user.username} 的密码，临时密码（只显示这一次）：")
    console().text(secret)


@users_app.command("unlock")
def users_unlock(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """解除连续输错密码后的登录等待。"""
    _account_step(username, "unlock", "已解除 {} 的登录限制")


@users_app.command("enable")
def users_enable(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """重新启用已停用的账号（旧会话和接口令牌仍然作废）。"""
    _account_step(username, "enable", "已启用 {}")


def _account_step(username: str, step: str, done: str) -> None:
    """Unlock or enable an account, audited with the operator."""
    with casework() as work:
        act = work.accounts.unlock if step == "unlock" else work.accounts.enable
        user = act(username)
        work.audit.record(default_actor(), "user_admin", detail=_detail(user, step))
    console().info(done.format(user.username))


def _detail(user: "UserView", step: str) -> dict[str, str]:
    return {"user": user.username, "step": step, "via": "命令行"}


@users_app.command("token")
def users_token(username: str) -> None:
    """为用户签发新的接口令牌（旧令牌作废）。"""
    with casework() as work:
        token = work.accounts.issue_token(username)
    typer.echo(token)


@users_app.command("list")
def users_list() -> None:
    """列出用户。"""
    with casework() as work:
        users = work.accounts.users()
    grid = RichTable(title="工作台用户")
    for label in ("用户名", "姓名", "角色", "管辖单位", "状态"):
        grid.add_column(label)
    for u in users:
        grid.add_row(
            u.username,
            u.display_name,
            u.role_label,
            "、".join(u.units),
            "正常" if u.active else "已停用",
        )
    console().rich.print(grid)
