"""Plain-Python operations on the domain. Transactions live here; nothing here imports Qt."""
