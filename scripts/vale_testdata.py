"""Copy the Vale test material that ``tests/test_vale_ini.py`` (through ``tests/vale_scenarios.py``) reads
out of git snapshots.

The scenario test is judged by Vale's own expectations: Vale's ``testdata/features/checks.feature``
with its fixtures and styles, and each errata-ai package's ``features/rules.feature`` with its
fixtures. Those files are MIT-licensed data from other repositories, so they are not committed
here; this script lays them out (with each repository's LICENSE) in the folder the test reads,
``../shared/vale`` by default (``VIBELINT_VALE_DATA`` overrides it)::

    python scripts/vale_testdata.py --git-dir errata-ai/vale=PATH/vale.git \\
        --git-dir errata-ai/Google=PATH/Google.git ... --dest ../shared/vale

Only data is copied (feature files, Markdown fixtures, ``.vale.ini`` files, rule YAML, word
lists); no program is built or run.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
from pathlib import Path

# repository -> the paths the scenarios need (everything under each path)
WANTED = {
    "errata-ai/vale": ["LICENSE", "testdata/features/checks.feature", "testdata/fixtures/checks", "testdata/styles"],
    "errata-ai/Google": ["LICENSE", "features/rules.feature", "fixtures", "Google"],
    "errata-ai/Microsoft": ["LICENSE", "features/rules.feature", "fixtures", "Microsoft"],
    "errata-ai/write-good": ["LICENSE", "features/rules.feature", "fixtures", "write-good"],
    "errata-ai/proselint": ["LICENSE", "features/rules.feature", "fixtures", "proselint"],
    "errata-ai/Joblint": ["LICENSE", "features/rules.feature", "fixtures", "Joblint"],
}
SKIP_SUFFIXES = (".dic", ".aff", ".tengo", ".go", ".xsl", ".jar")  # dictionaries and code: no scenario here reads them


def extract(git_dir: Path, paths: list[str], dest: Path) -> int:
    archive = subprocess.run(["git", f"--git-dir={git_dir}", "archive", "--format=tar", "HEAD", *paths],
                             check=True, capture_output=True).stdout
    count = 0
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not member.isfile() or member.name.endswith(SKIP_SUFFIXES):
                continue
            target = dest / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            target.write_bytes(source.read())
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git-dir", action="append", default=[], metavar="OWNER/NAME=PATH",
                        help="a bare git directory (or .git) of one of: " + ", ".join(WANTED))
    parser.add_argument("--dest", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "vale")
    args = parser.parse_args(argv)
    for item in args.git_dir:
        repo, _, path = item.partition("=")
        if repo not in WANTED:
            print(f"vale_testdata: unknown repository {repo!r} (one of {', '.join(WANTED)})", file=sys.stderr)
            return 2
        count = extract(Path(path), WANTED[repo], args.dest / repo.split("/")[1])
        print(f"{repo}: {count} files -> {args.dest / repo.split('/')[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
