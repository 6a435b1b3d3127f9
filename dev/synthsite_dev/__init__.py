"""Development tools of a source checkout, never part of the installed package: the benchmark (`bench`, run as
`.venv/bin/python dev/bench.py`), its synthetic corpus (`synthetic`, which tests use too), where the browser tests
and the benchmark find Chromium (`browser`) and the pages' ready times in it (`pageready`). `tests/conftest.py`
puts `dev/` on the path for the test suite.
"""
