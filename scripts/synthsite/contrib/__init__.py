"""Contributor tools: scaffold a study file, the JSON Schema and its reference page, and what a change does."""
