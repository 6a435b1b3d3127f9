"""Contributor tools: scaffold a study file, write the JSON Schema and .zenodo.json, what a change does, `init`.

A tool uses the stages; no stage uses it (tests/test_architecture.py).
"""
