"""Rule packs as plugins: a Python package with a `vibelint.packs` entry point.

The example pack under examples/ is installed for real (pip, into a temporary folder) and run
through `vibelint` in a subprocess (slow: the install builds a wheel); the fast tier puts the same
package beside a dist-info written as pip writes it and runs the CLI in this process. Its rules' own
examples run like the built-in pack's.
"""

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from vibelint.engine import RuleSet, lint
from vibelint.packs import load_folder

EXAMPLE = ROOT / "examples" / "vibelint-pack-example"
EXAMPLE_RULES = load_folder(EXAMPLE / "src" / "vibelint_pack_example", "vibelint-pack-example (source)")
SOURCE = "vibelint-pack-example 0.1.0 (plugin)"


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=lambda r: r.id)
def test_example_pack_rule_examples(rule):
    only = RuleSet([rule], frozenset([rule.id]))
    for text in rule.examples.bad:
        assert rule.id in [d.rule for d in lint(text, "example.md", only).diagnostics], f"did not fire on {text!r}"
    for text in rule.examples.good:
        assert not lint(text, "example.md", only).diagnostics, f"fired on good example {text!r}"


def vibelint_process(*args: str, path: Path, cwd: Path) -> subprocess.CompletedProcess:
    """A real `vibelint` process with ``path`` on PYTHONPATH."""
    env = {**os.environ, "PYTHONPATH": str(path)}
    return subprocess.run([sys.executable, "-m", "vibelint", *args], capture_output=True, cwd=cwd, env=env, timeout=120)


def vibelint(*args: str, path: Path, cwd: Path) -> subprocess.CompletedProcess:
    """`vibelint ARGS` in this process with ``path`` first on sys.path, as PYTHONPATH puts it for a process;
    the modules imported from there are forgotten afterwards, so the next test imports its own."""
    sys.path.insert(0, str(path))
    importlib.invalidate_caches()
    try:
        return run_cli(*args, cwd=cwd)
    finally:
        sys.path.remove(str(path))
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", None) or "").startswith(str(path)):
                del sys.modules[name]
        importlib.invalidate_caches()


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(EXAMPLE)],
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return target


@pytest.mark.slow  # pip builds and installs the example package
def test_installed_pack_is_listed_with_its_origin_and_fires(installed, tmp_path):
    assert_example_pack_works(vibelint_process, installed, tmp_path)


def test_pack_beside_its_dist_info_is_listed_with_its_origin_and_fires(tmp_path):
    """What pip leaves in site-packages (the package folder and a dist-info with the entry point), without pip."""
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE / "src" / "vibelint_pack_example", site / "vibelint_pack_example")
    fake_plugin(site, "vibelint-pack-example", "vibelint_pack_example", version="0.1.0", entry="example")
    (tmp_path / "work").mkdir()
    assert_example_pack_works(vibelint, site, tmp_path / "work")


def assert_example_pack_works(vibelint, installed: Path, tmp_path: Path) -> None:
    listing = json.loads(vibelint("rules", "--format", "json", path=installed, cwd=tmp_path).stdout)
    sources = {r["id"]: r["source"] for r in listing}
    assert sources["example.throat-clearing"] == SOURCE and sources["example.heading-case"] == SOURCE
    assert sources["karpathy.hype"] == "karpathy (built-in)"
    text = vibelint("rules", path=installed, cwd=tmp_path).stdout.decode()
    assert any(line.startswith("example.heading-case") and SOURCE in line for line in text.splitlines())

    (tmp_path / "post.md").write_text("# Getting Started With The Cache\n\nAt the end of the day, it works.\n")
    done = vibelint("check", "--no-cache", "--format", "json", "post.md", path=installed, cwd=tmp_path)
    rules = [d["rule"] for d in json.loads(done.stdout)["diagnostics"]]
    assert rules == ["example.heading-case", "example.throat-clearing"] and done.returncode == 1

    ignored = vibelint("check", "--no-cache", "--ignore", "example", "post.md", path=installed, cwd=tmp_path)
    assert ignored.returncode == 0, ignored.stdout
    (tmp_path / ".vibelint.toml").write_text('select = ["example.heading-case"]\n')
    selected = vibelint("check", "--no-cache", "--format", "json", "post.md", path=installed, cwd=tmp_path)
    assert [d["rule"] for d in json.loads(selected.stdout)["diagnostics"]] == ["example.heading-case"]


def fake_plugin(site: Path, name: str, target: str, version: str = "0.2", entry: str = "broken") -> None:
    """A dist-info with an entry point, as pip would write it."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[vibelint.packs]\n{entry} = {target}\n")


def test_a_plugin_that_cannot_be_imported_is_one_error(tmp_path):
    fake_plugin(tmp_path / "site", "broken-pack", "broken_pack_nowhere")
    done = vibelint("rules", path=tmp_path / "site", cwd=tmp_path)
    assert done.returncode == 2
    [line] = done.stderr.decode().strip().splitlines()
    assert line.startswith("vibelint: error: plugin broken-pack 0.2 (entry point vibelint.packs: broken = broken_pack_nowhere): "
                           "cannot import: ModuleNotFoundError")


def test_a_plugin_with_a_bad_rule_file_names_plugin_file_and_line(tmp_path):
    site = tmp_path / "site"
    fake_plugin(site, "typo-pack", "typo_pack")
    (site / "typo_pack").mkdir()
    (site / "typo_pack" / "__init__.py").write_text("")
    (site / "typo_pack" / "rule.toml").write_text('id = "typo.rule"\nkind = "existance"\n')
    done = vibelint("check", "-", path=site, cwd=tmp_path)
    assert done.returncode == 2
    [line] = done.stderr.decode().strip().splitlines()
    assert line.startswith("vibelint: error: plugin typo-pack 0.2: ") and "rule.toml:" in line
