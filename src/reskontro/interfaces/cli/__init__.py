"""The ``reskontro`` command (Typer). The app and its global options are in :mod:`.main`."""
