"""synthsite: a generator for living qualitative evidence syntheses."""

__version__ = "0.1.0"
