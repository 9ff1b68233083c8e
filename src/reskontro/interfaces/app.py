"""The HTTP application: the REST API under ``/api/v1`` and, when installed, the web app at ``/``.

The web app (:mod:`reskontro.interfaces.web`) is mounted through its
``mount(app, engine)`` function, or by including the router its ``router(engine)`` returns.
"""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import FastAPI
from sqlalchemy import Engine

import reskontro
from reskontro.interfaces.api import mount_api

WEB_MODULE = "reskontro.interfaces.web"


def create_app(engine: Engine) -> FastAPI:
    """The application serving the API and the web app from one engine."""
    app = FastAPI(
        title="reskontro",
        summary="Receivables and bank reconciliation for Norwegian and Swedish companies",
        version=getattr(reskontro, "__version__", "0"),
        openapi_url="/openapi.json",
        # The interactive pages load scripts from a CDN; the OpenAPI document is enough.
        docs_url=None,
        redoc_url=None,
    )
    mount_api(app, engine)
    _mount_web(app, engine)
    return app


def _mount_web(app: FastAPI, engine: Engine) -> None:
    if importlib.util.find_spec(WEB_MODULE) is None:
        return
    web = importlib.import_module(WEB_MODULE)
    if hasattr(web, "mount"):
        web.mount(app, engine)
    elif hasattr(web, "router"):
        app.include_router(web.router(engine))
