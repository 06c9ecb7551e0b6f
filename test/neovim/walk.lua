-- The Neovim side of `npm run test:neovim` (test/neovim/run.ts starts it): a headless Neovim 0.7+
-- opens the fixture, starts the Podscope server with vim.lsp.start_client, and does what a person
-- does through Neovim's own LSP client: reads the diagnostics, hovers, completes, applies a quick
-- fix. It records what Neovim received and what the buffer became in a JSON file; run.ts asserts.
-- Every wait has a timeout, and the script always quits Neovim, whatever fails.
--
-- Environment: PODSCOPE_NVIM_PLAN, the JSON plan run.ts wrote (see NeovimPlan in run.ts).

local uv = vim.loop
local plan = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('PODSCOPE_NVIM_PLAN')), '\n'))
local timeout = plan.stepTimeoutMs

local results = { nvimVersion = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch, steps = {} }

local function save()
  vim.fn.writefile({ vim.json.encode(results) }, plan.results)
end

local bufnr, client_id, client
local original_lines, original_text -- the fixture as Neovim read it
local server_exit -- { code, signal } once the server process has exited
local published_versions = {} -- uri -> version of the last publishDiagnostics

-- Records the version of every publishDiagnostics, then lets Neovim handle it as usual.
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_publish(err, result, ctx, config)
  if result and result.version ~= nil and result.version ~= vim.NIL then
    published_versions[result.uri] = result.version
  end
end

--- A step's failure, reported without a Lua traceback (an unexpected error keeps its traceback).
local function fail(message)
  error({ message = message })
end

local function describe_error(err)
  if type(err) == 'table' and err.message then
    return err.message
  end
  return debug.traceback(tostring(err), 2)
end

--- Waits for `condition`, failing after the step timeout or as soon as the server has exited.
local function wait_for(what, condition)
  local ok = vim.wait(timeout, function()
    return server_exit ~= nil or condition()
  end, 10)
  if server_exit then
    fail(string.format('the server exited (code %s, signal %s) while waiting for %s', server_exit.code, server_exit.signal, what))
  end
  if not ok then
    fail(string.format('timed out after %d ms waiting for %s', timeout, what))
  end
end

local function buffer_text()
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  if vim.api.nvim_buf_get_option(bufnr, 'eol') then
    text = text .. '\n'
  end
  return text
end

--- Waits until the server has published diagnostics for the buffer's current version.
local function wait_for_current_diagnostics()
  local uri = vim.uri_from_bufnr(bufnr)
  wait_for('diagnostics of the current version', function()
    return published_versions[uri] == vim.lsp.util.buf_versions[bufnr]
  end)
end

--- Puts the cursor at a 0-based line and byte column, as a person moving there would.
local function put_cursor(position)
  vim.api.nvim_win_set_cursor(0, { position.line + 1, position.byteColumn })
end

--- One request through Neovim's client, as its own features send it; returns the result.
local function request(method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  if not responses then
    fail(string.format('%s: %s', method, tostring(err)))
  end
  local response = responses[client_id]
  if not response then
    fail(method .. ': no response from the server')
  end
  if response.err then
    fail(method .. ': ' .. vim.inspect(response.err))
  end
  return response.result
end

local function step(name, run)
  local started = uv.hrtime()
  local ok, data = xpcall(run, describe_error)
  local entry = { name = name, ms = math.floor((uv.hrtime() - started) / 1e6), ok = ok }
  if ok then
    entry.data = data
  else
    entry.error = tostring(data)
  end
  table.insert(results.steps, entry)
  save()
  return ok
end

--- After a step that edits the buffer: puts the fixture back (one change) and waits for its
--- diagnostics, so that the next step starts from the fixture whatever this one did.
local function restore()
  if buffer_text() == original_text then
    return
  end
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, original_lines)
  local ok, err = pcall(wait_for_current_diagnostics)
  if not ok then
    results.error = 'restoring the fixture: ' .. describe_error(err)
  end
end

local function walk()
  local started = step('start', function()
    vim.cmd('edit ' .. vim.fn.fnameescape(plan.file))
    bufnr = vim.api.nvim_get_current_buf()
    client_id = vim.lsp.start_client({
      name = 'podscope',
      cmd = { plan.node, plan.server, '--stdio' },
      root_dir = plan.root,
      on_exit = function(code, signal)
        server_exit = { code = code, signal = signal }
      end,
    })
    if not client_id then
      fail('vim.lsp.start_client returned nil')
    end
    if not vim.lsp.buf_attach_client(bufnr, client_id) then
      fail('vim.lsp.buf_attach_client failed')
    end
    wait_for('the server to initialize', function()
      local started_client = vim.lsp.get_client_by_id(client_id)
      return started_client ~= nil and started_client.initialized == true
    end)
    client = vim.lsp.get_client_by_id(client_id)
    return {
      offsetEncoding = client.offset_encoding,
      executeCommands = (type(client.server_capabilities.executeCommandProvider) == 'table'
        and client.server_capabilities.executeCommandProvider.commands) or {},
    }
  end)
  if not started then
    return
  end
  original_lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  original_text = buffer_text()

  step('diagnostics', function()
    wait_for_current_diagnostics()
    local diagnostics = {}
    for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(diagnostics, {
        line = diagnostic.lnum,
        col = diagnostic.col,
        endLine = diagnostic.end_lnum,
        endCol = diagnostic.end_col,
        severity = vim.diagnostic.severity[diagnostic.severity],
        code = diagnostic.code,
        message = diagnostic.message,
      })
    end
    return { text = buffer_text(), diagnostics = diagnostics }
  end)

  for _, hover in ipairs(plan.hovers) do
    step(hover.step, function()
      put_cursor(hover.position)
      local result = request('textDocument/hover', vim.lsp.util.make_position_params())
      if result == nil then
        return { lines = {} }
      end
      -- What Neovim's hover window shows (vim.lsp.handlers.hover does the same).
      local lines = vim.lsp.util.trim_empty_lines(vim.lsp.util.convert_input_to_markdown_lines(result.contents))
      return { kind = type(result.contents) == 'table' and result.contents.kind or nil, lines = lines }
    end)
  end

  step('document-symbols', function()
    local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
    return { symbols = request('textDocument/documentSymbol', params) }
  end)

  step('code-lenses', function()
    local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
    return { lenses = request('textDocument/codeLens', params) or {} }
  end)

  step('completion', function()
    local completion = plan.completion
    vim.api.nvim_buf_set_lines(bufnr, completion.line, completion.line, false, { completion.lineText })
    put_cursor({ line = completion.line, byteColumn = #completion.lineText })
    local result = request('textDocument/completion', vim.lsp.util.make_position_params())
    local items = vim.lsp.util.extract_completion_items(result or {})
    local chosen
    for _, item in ipairs(items) do
      if item.label == completion.apply then
        chosen = item
      end
    end
    local recorded = {}
    for _, item in ipairs(items) do
      table.insert(recorded, {
        label = item.label,
        insertTextFormat = item.insertTextFormat,
        insertText = item.insertText,
        newText = item.textEdit and item.textEdit.newText,
        command = item.command and item.command.command,
      })
    end
    local text_after, apply_error, edits
    if chosen and chosen.textEdit then
      -- The edit exactly as the server sent it, then any additional edits, in UTF-16 as negotiated.
      edits = { chosen.textEdit }
      vim.list_extend(edits, chosen.additionalTextEdits or {})
      -- apply_text_edits annotates the edits it gets: give it a copy, record them as sent.
      local applied, err = pcall(vim.lsp.util.apply_text_edits, vim.deepcopy(edits), bufnr, client.offset_encoding)
      if applied then
        text_after = buffer_text()
      else
        apply_error = tostring(err)
      end
    end
    return {
      items = recorded,
      applied = chosen and chosen.label,
      edits = edits,
      textAfter = text_after,
      applyError = apply_error,
    }
  end)
  restore()

  step('quick-fix', function()
    local fix = plan.quickFix
    put_cursor(fix.position)
    -- What vim.lsp.buf.code_action() sends in 0.7: the cursor as the range, and the line's
    -- diagnostics as vim.diagnostic holds them (their columns are byte columns).
    local params = vim.lsp.util.make_range_params()
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
    local actions = request('textDocument/codeAction', params) or {}
    local recorded, chosen = {}, nil
    for _, action in ipairs(actions) do
      table.insert(recorded, {
        title = action.title,
        hasEdit = action.edit ~= nil,
        command = type(action.command) == 'table' and action.command.command or action.command,
      })
      if action.title == fix.title then
        chosen = action
      end
    end
    local text_after, apply_error
    if chosen then
      -- As vim.lsp.buf.code_action() does: resolve an action that comes without its edit.
      if not chosen.edit and type(client.server_capabilities.codeActionProvider) == 'table'
          and client.server_capabilities.codeActionProvider.resolveProvider then
        chosen = request('codeAction/resolve', chosen)
      end
      if chosen.edit then
        -- The 0.7 signature: apply_workspace_edit(workspace_edit, offset_encoding).
        local applied, err = pcall(vim.lsp.util.apply_workspace_edit, vim.deepcopy(chosen.edit), client.offset_encoding)
        if applied then
          text_after = buffer_text()
        else
          apply_error = tostring(err)
        end
      end
    end
    return {
      sentDiagnostics = params.context.diagnostics,
      actions = recorded,
      edit = chosen and chosen.edit,
      textAfter = text_after,
      applyError = apply_error,
    }
  end)
  restore()
end

local ok, err = xpcall(walk, describe_error)
if not ok then
  results.error = tostring(err)
end
results.finished = true
save()
if client_id then
  vim.lsp.stop_client(client_id)
  vim.wait(timeout, function()
    return server_exit ~= nil
  end, 10)
end
vim.cmd('qall!')
