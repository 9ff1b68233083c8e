"""Payment references on invoices: one module per kind (KID, …), each in python-stdnum's shape.

Every module has ``compact``, ``validate`` (returns the compact form or raises a
:class:`~reskontro.domain.errors.ValidationError`), ``is_valid`` and ``format``.
"""
