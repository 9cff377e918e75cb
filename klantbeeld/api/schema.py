"""OpenAPI schema annotations for drf-spectacular (filled in by the schema work)."""
