"""An example vibelint rule pack: the ``*.toml`` files next to this module are its rules.

vibelint finds the pack through the ``vibelint.packs`` entry point in pyproject.toml; no Python
code is needed beyond this (empty) package.
"""
