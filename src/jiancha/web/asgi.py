"""The workbench as an ASGI factory for multi-process serving.

``uvicorn --workers N`` starts each worker by importing the app, so the project folder
travels in the environment: ``JIANCHA_PROJECT=/path uvicorn --factory
jiancha.web.asgi:app_from_environment --workers 2``; ``jiancha serve --workers N`` does
exactly that.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from jiancha.errors import ConfigError
from jiancha.filemodes import private_umask
from jiancha.web.app import WORKERS_ENV, create_app

PROJECT_ENV = "JIANCHA_PROJECT"


def app_from_environment() -> FastAPI:
    private_umask()
    root = os.environ.get(PROJECT_ENV)
    if not root:
        raise ConfigError(f"环境变量 {PROJECT_ENV} 未设置：请给出项目目录")
    return create_app(root)


def default_workers() -> int:
    """One worker process per core, at most four (requests mostly wait on the casebook)."""
    return max(1, min(os.cpu_count() or 1, 4))


def serve(root: Path, host: str, port: int, workers: int) -> None:
    """Serve the workbench of the project at ``root`` with ``workers`` processes."""
    import uvicorn

    private_umask()  # the casebook, uploads and documents the server writes: owner only
    os.environ[WORKERS_ENV] = str(workers)
    # made here once, before any worker starts: the casebook migrated to the newest
    # schema and the session secret written, so that workers never race to do either
    app = create_app(root)
    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
        return
    app.state.bench.work.close()
    os.environ[PROJECT_ENV] = str(root)
    uvicorn.run(
        f"{__name__}:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        # the app believes X-Forwarded-* only from [web] trusted_proxies (uvicorn's own
        # default would believe them from 127.0.0.1, whatever the configuration says)
        proxy_headers=False,
    )
