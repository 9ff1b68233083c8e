"""The ways in: the command line (``cli``), and later the REST API and the web app.

Each interface parses its input, calls one service and renders the result. Business rules live
in :mod:`reskontro.services` and :mod:`reskontro.domain`, never here.
"""
