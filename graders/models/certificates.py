"""Certificate and status-list models (filled by the certificates work)."""
