"""Packaging hygiene: an SPDX licence string and file, compatible ranges for what users install, exact pins
(constraints.txt) for what CI tests."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]


def test_licence_is_an_spdx_string_with_a_setuptools_that_reads_it() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert "setuptools>=77" in project["build-system"]["requires"]


def constraints() -> dict[str, Version]:
    """constraints.txt as {canonical name: pinned version}; every line is `name==version`."""
    pins: dict[str, Version] = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", line
            pins[canonicalize_name(requirement.name)] = Version(specifier.version)
    return pins


def test_runtime_dependencies_are_compatible_ranges_that_the_constraints_pin_inside() -> None:
    """A user's environment can hold other packages: synthsite asks for a range (with an upper bound at the next
    major version), never an exact version; constraints.txt pins the version CI tests, inside that range."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = constraints()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        operators = {specifier.operator for specifier in requirement.specifier}
        assert operators == {">=", "<"}, line
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), f"constraints.txt pins {name} outside {line}"


def test_dev_tools_are_pinned_and_the_constraints_agree() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = constraints()
    for line in project["optional-dependencies"]["dev"]:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line
        assert pins.get(canonicalize_name(requirement.name)) == Version(specifier.version), line


def test_the_makefile_installs_with_the_constraints() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "CONSTRAINTS := constraints.txt" in makefile
    assert "pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'" in makefile


def test_metadata_names_the_licence_file_urls_keywords_and_classifiers() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert {"Homepage", "Repository", "Issues"} <= set(project["urls"])
    assert "qualitative evidence synthesis" in project["keywords"]
    assert "Intended Audience :: Science/Research" in project["classifiers"]
    assert not any(classifier.startswith("License ::") for classifier in project["classifiers"]), (
        "the SPDX `license` replaces licence classifiers"
    )
