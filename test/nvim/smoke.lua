-- Neovim (0.7+) against the shapelint language server over stdio: open the AlexNet seed
-- bug, wait for diagnostics, hover the Linear, and write what came back as JSON to
-- $SHAPELINT_NVIM_OUT. Run from the repository root:
--   nvim --headless -u NONE -i NONE -c 'luafile test/nvim/smoke.lua'
local out_path = os.getenv('SHAPELINT_NVIM_OUT') or 'nvim-smoke.json'
local node = os.getenv('SHAPELINT_NODE') or 'node'
local result = { diagnostics = nil, hover = nil, errors = {} }

local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local initialized = false
  local client_id = vim.lsp.start_client({
    name = 'shapelint',
    cmd = { node, 'dist/server.js', '--stdio' },
    root_dir = vim.fn.getcwd(),
    on_init = function() initialized = true end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, params)
        if params and params.uri:match('alexnet_bug%.py$') then result.diagnostics = params.diagnostics end
      end,
    },
  })
  if not client_id then error('start_client failed') end
  if not vim.wait(10000, function() return initialized end, 20) then error('no initialize answer') end

  vim.cmd('edit examples/alexnet_bug.py')
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  if not vim.wait(10000, function() return result.diagnostics ~= nil end, 20) then error('no diagnostics') end

  local client = vim.lsp.get_client_by_id(client_id)
  local line = vim.fn.search('nn.Linear(256', 'n') - 1
  local col = vim.fn.getline(line + 1):find('nn.Linear', 1, true) + 3
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = col } }
  local response = client.request_sync('textDocument/hover', params, 10000, bufnr)
  if not response or response.err then error('hover failed: ' .. vim.inspect(response)) end
  result.hover = response.result
  client.stop()
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
