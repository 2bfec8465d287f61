"""Survey mode: audit many releases at once into a resumable Parquet store, then summarise it.

inputs -> shard -> executor (threads | processes | Ray) -> store (one Parquet file per shard plus a
completion marker) -> summary (DuckDB) -> HTML page, static site and SQL (Jinja2, inline SVG charts).
`command` holds the two CLI entry points, `run_survey` and `run_report`.
"""
