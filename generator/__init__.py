"""Reads and validates the standards YAML and renders the handbook."""
