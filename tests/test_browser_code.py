"""The browser code is one classic script per job (builders/static/assets/), loaded in the order of
`packaged.EXTRA_JAVASCRIPT`; its pure modules have unit tests under tests/js/ that node's own test runner runs
(`make jstest`, part of `make test` and `make check`). A script left out of the list would ship and never run, and
a namespace the boot script reads would be missing: these tests keep the list, the files and the commands together."""

from __future__ import annotations

import re
from pathlib import Path

from synthsite.builders import packaged

REPO = Path(__file__).resolve().parents[1]
VENDOR = "assets/vendor/"


def _scripts() -> set[str]:
    return {path for path in packaged.static_files() if path.endswith(".js")}


def test_every_script_of_ours_is_loaded() -> None:
    """Every script in assets/ outside vendor/ is in EXTRA_JAVASCRIPT, so no module can be forgotten."""
    ours = {path for path in _scripts() if not path.startswith(VENDOR)}
    assert ours, "no browser code found"
    assert ours - set(packaged.EXTRA_JAVASCRIPT) == set()


def test_every_listed_script_exists_once_and_the_vendored_ones_keep_their_licence() -> None:
    listed = list(packaged.EXTRA_JAVASCRIPT)
    assert len(listed) == len(set(listed))
    assert set(listed) <= _scripts()
    files = packaged.static_files()
    for path in [*listed, packaged.OFFLINE_WORKER_SHIM]:
        if path.startswith(VENDOR):
            library = path[len(VENDOR) :].split("/", 1)[0]
            assert any(name.startswith(f"{VENDOR}{library}/LICENSE") for name in files), path


def test_the_boot_script_keeps_its_address_and_comes_after_every_module_it_boots() -> None:
    """assets/synthsite.js is the address released sites and the docs name; it wires the page the moment Material
    announces it, so every module it calls must already have run."""
    listed = list(packaged.EXTRA_JAVASCRIPT)
    assert listed[-1] == "assets/synthsite.js"
    boot = packaged.static_files()["assets/synthsite.js"].decode("utf-8")
    used = set(re.findall(r"const \{ ([a-z, ]+) \} = synthsite;", boot)[0].split(", "))
    registered = {
        name
        for path in listed[:-1]
        for name in re.findall(r"^  synthsite\.(\w+) = ", packaged.static_files()[path].decode("utf-8"), re.M)
    }
    assert used and used <= registered, used - registered


def test_pure_modules_come_before_the_modules_that_use_them() -> None:
    """A wiring module reads the pure modules' namespaces when it loads (`synthsite.tableLogic`, ...)."""
    listed = list(packaged.EXTRA_JAVASCRIPT)
    files = packaged.static_files()
    registered_at = {
        name: index
        for index, path in enumerate(listed)
        for name in re.findall(r"^  synthsite\.(\w+) = ", files[path].decode("utf-8"), re.M)
    }
    for index, path in enumerate(listed):
        source = files[path].decode("utf-8")
        for name in re.findall(r"^  const \w+ = synthsite\.(\w+);", source, re.M):
            assert registered_at[name] < index, (path, name)


def test_make_test_check_and_ci_run_the_javascript_tests() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "check"):
        prerequisites = re.search(rf"^{target}:(.*)$", makefile, re.M)
        assert prerequisites and "jstest" in prerequisites.group(1).split(), target
    recipe = makefile.split("\njstest:", 1)[1].split("\n\n", 1)[0]
    assert "$(NODE) --test tests/js/" in recipe
    assert sorted(path.name for path in (REPO / "tests" / "js").glob("*.test.js"))
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt_install nodejs" in ci_run and 'apt-get install -y -qq "$@"' in ci_run
    assert ci_run.index("nodejs") < ci_run.index("make test")
