"""Use cases. Each public function is one unit of work: it opens a :class:`UnitOfWork`, does
its job and commits once (or raises, and nothing is written).

Conventions, so every interface (CLI, REST API, web) calls them the same way:

* The first argument is the :class:`sqlalchemy.Engine`; the second, for company data, the
  company id (``int``) from :func:`reskontro.services.companies.resolve_company`.
* Inputs are plain values or frozen dataclasses; results are dataclasses, never ORM rows
  (the session is closed when the function returns).
* Refusals raise :class:`reskontro.domain.errors.ReskontroError` subclasses with a message a
  bookkeeper can act on; the interfaces map them to exit codes and HTTP statuses.
* ``user`` (keyword) names who did it, for registers and the audit trail.
"""
