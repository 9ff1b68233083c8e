"""File formats: bytes in, neutral parsed objects out. Pure; no database, no clock."""
