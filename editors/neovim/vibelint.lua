-- vibelint language server for Neovim (0.10+; `vim.lsp.config` needs 0.11+).
--
-- Put this file on your 'runtimepath' as lua/vibelint.lua (or copy what you need), then either
--
--   require("vibelint").setup()                        -- starts the server on markdown/text buffers
--   require("vibelint").setup({ settings = { vibelint = { minimumSeverity = "warning" } } })
--
-- or, on Neovim 0.11+, use the lspconfig-style table:
--
--   vim.lsp.config("vibelint", require("vibelint").config)
--   vim.lsp.enable("vibelint")
--
-- Settings (all optional): enable, minimumSeverity ("error"|"warning"|"info"|"hint"),
-- select, ignore (rule ids or prefixes), rulePaths (extra rule folders), debounceMs.
-- Project settings come from the nearest .vibelint.toml or [tool.vibelint] in pyproject.toml.

local M = {}

M.config = {
  cmd = { "vibelint", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { ".vibelint.toml", "pyproject.toml", ".git" },
  -- Neovim calls plain text "text"; LSP calls it "plaintext".
  get_language_id = function(_, filetype)
    return filetype == "text" and "plaintext" or filetype
  end,
  init_options = {},
  settings = { vibelint = {} },
}

--- Start (or reuse) the vibelint client for every markdown/text buffer.
---@param opts table|nil overrides merged into M.config (cmd, filetypes, init_options, settings, ...)
function M.setup(opts)
  local config = vim.tbl_deep_extend("force", M.config, opts or {})
  local group = vim.api.nvim_create_augroup("vibelint-lsp", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      local root = vim.fs.root(args.buf, config.root_markers) or vim.fn.getcwd()
      vim.lsp.start({
        name = "vibelint",
        cmd = config.cmd,
        root_dir = root,
        get_language_id = config.get_language_id,
        init_options = vim.tbl_deep_extend("force", {}, config.init_options, config.settings.vibelint or {}),
        settings = config.settings,
      }, { bufnr = args.buf })
    end,
  })
  return config
end

return M
