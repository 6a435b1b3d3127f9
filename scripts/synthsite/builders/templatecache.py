"""The theme's compiled templates, kept in memory from one rebuild of the preview to the next.

MkDocs makes a new Jinja environment for every build, so each rebuild of `mkdocs serve` compiled Material's
templates again (47 templates, about a third of a second of every save). Jinja's bytecode cache hands a template's
compiled code back while the template's source is the same (it checks a digest of the source) and its file is the
same; this one lives in the server's memory only (compiled code from a file could run anything), and is emptied
when what decides the compilation changes: the environment's extensions and syntax, and mkdocs.yml.
"""

from __future__ import annotations

import hashlib

import jinja2
from jinja2.bccache import Bucket


class KeptTemplates(jinja2.BytecodeCache):
    """Compiled templates by Jinja's bucket key (template name and file), for one environment's settings."""

    def __init__(self) -> None:
        self._scope = ""
        self._kept: dict[str, bytes] = {}

    def attach(self, env: jinja2.Environment, scope: str) -> None:
        """Serve `env` from what is kept, after emptying it if `env` compiles differently from the last one or
        `scope` (the digest of mkdocs.yml) changed."""
        settings = repr(
            (
                scope,
                sorted(env.extensions),
                env.block_start_string,
                env.block_end_string,
                env.variable_start_string,
                env.variable_end_string,
                env.comment_start_string,
                env.comment_end_string,
                env.line_statement_prefix,
                env.line_comment_prefix,
                env.trim_blocks,
                env.lstrip_blocks,
                env.newline_sequence,
                env.keep_trailing_newline,
                env.autoescape,
                env.optimized,
                env.undefined,
            )
        )
        digest = hashlib.sha256(settings.encode("utf-8")).hexdigest()
        if digest != self._scope:
            self._scope, self._kept = digest, {}
        env.bytecode_cache = self

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja resets the bucket if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()
