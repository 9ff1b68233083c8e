"""reskontro: receivables and bank reconciliation for Nordic companies."""

__version__ = "0.1.0"
