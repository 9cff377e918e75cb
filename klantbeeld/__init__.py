"""Klantbeeld: one integrated customer view for Dutch public service organisations."""
