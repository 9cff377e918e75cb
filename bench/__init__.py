"""Benchmarks of Klantbeeld: scripts that print figures, never tests (docs/benchmarks.md)."""
