"""The pure core: money, ledger rules, posting, application. No I/O, no clock, no ORM."""
