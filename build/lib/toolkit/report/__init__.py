"""Outputs: the terminal summary, JSON, CSV, Parquet, SQLite and HTML, over the same tables."""
