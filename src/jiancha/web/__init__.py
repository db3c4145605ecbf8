"""The web workbench: FastAPI + Jinja2 + HTMX, server-rendered in Chinese.

``create_app(project_root)`` builds the app; ``jiancha serve`` runs it with uvicorn.
"""

from jiancha.web.app import create_app

__all__ = ["create_app"]
