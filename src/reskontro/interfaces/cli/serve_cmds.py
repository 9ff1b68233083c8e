"""``reskontro serve``: the web app and the REST API (FastAPI on Uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.interfaces.cli.main import app, get_state


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port.")] = 8000,
) -> None:
    """Serve the web app at / and the REST API at /api/v1 (OpenAPI at /openapi.json)."""
    import uvicorn

    from reskontro.interfaces.app import create_app

    state = get_state(ctx)
    engine = state.engine
    typer.echo(f"Serving {state.shown_url} on http://{host}:{port}/ (Ctrl+C stops).", err=True)
    uvicorn.run(create_app(engine), host=host, port=port, proxy_headers=False)
