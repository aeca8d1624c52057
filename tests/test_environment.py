"""The pins agree: pyproject.toml, environment.yml and requirements.lock name the same versions."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)$")


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(lines, where):
    pins = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("-e"):
            continue
        m = PIN.match(line)
        assert m, f"{where}: '{line}' is not pinned exactly (name==version)"
        pins[norm(m.group(1))] = m.group(2)
    return pins


def pyproject_pins():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = list(data["project"]["dependencies"])
    for group in data["project"].get("optional-dependencies", {}).values():
        lines += group
    return parse_pins(lines, "pyproject.toml")


def environment_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_lists = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_lists, "environment.yml has no pip section"
    return parse_pins(pip_lists[0], "environment.yml")


def lock_pins():
    return parse_pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines(), "requirements.lock")


def test_every_direct_dependency_is_pinned_exactly():
    pins = pyproject_pins()
    for required in ("jupyter-book", "pandas", "networkx", "matplotlib", "pytest", "nbval", "sphinx",
                     "sphinxcontrib-bibtex", "sphinx-exercise", "myst-nb"):
        assert required in pins, f"pyproject.toml does not pin {required}"


def test_jupyter_book_is_the_1x_line():
    version = pyproject_pins()["jupyter-book"]
    assert version.split(".")[0] == "1", f"jupyter-book {version} is not the 1.x line (_config.yml + _toc.yml)"


def test_environment_yml_matches_pyproject():
    py, env = pyproject_pins(), environment_pins()
    missing = sorted(set(py) - set(env))
    extra = sorted(set(env) - set(py))
    differ = sorted(f"{k}: pyproject {py[k]} vs environment.yml {env[k]}" for k in set(py) & set(env) if py[k] != env[k])
    assert not (missing or extra or differ), f"environment.yml drifted: missing {missing}, extra {extra}, differ {differ}"


def test_lock_contains_every_direct_pin():
    py, lock = pyproject_pins(), lock_pins()
    problems = [f"{k}=={v} not in requirements.lock" for k, v in py.items() if k not in lock]
    problems += [f"{k}: pyproject {v} vs lock {lock[k]}" for k, v in py.items() if k in lock and lock[k] != v]
    assert not problems, "; ".join(problems)


def test_pin_parser_rejects_ranges():
    import pytest
    with pytest.raises(AssertionError):
        parse_pins(["pandas>=2"], "example")
