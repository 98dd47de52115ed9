"""Analysts' surfaces over the store: REST API, dashboard, CLI commands and sample data."""
