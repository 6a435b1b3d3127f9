"""Stage 4, builders: hand the rendered site to a site builder (the MkDocs plugin) or write it to disk (`pages --out`)."""
