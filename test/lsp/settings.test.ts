/**
 * Settings over LSP (pulled with workspace/configuration after didChangeConfiguration),
 * and the node IPC transport the VS Code client uses.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { IPCMessageReader, IPCMessageWriter, createMessageConnection, type CodeLens, type InlayHint, type InitializeResult, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspClient, SERVER, fileUri, readText } from './client';

describe('settings', () => {
  let lsp: LspClient;
  const alexnet = fileUri('examples/alexnet_bug.py');
  const encoder = fileUri('test/lsp/fixtures/symbolic.py');
  const all = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

  before(async () => {
    lsp = await LspClient.start({ inputShapes: { Encoder: '2,3,32,32' } });
    await lsp.open(alexnet, readText('examples/alexnet_bug.py'));
    await lsp.open(encoder, readText('test/lsp/fixtures/symbolic.py'));
  });
  after(async () => { await lsp.close(); });

  async function update(settings: Record<string, unknown>): Promise<PublishDiagnosticsParams['diagnostics']> {
    lsp.settings = settings;
    const republished = lsp.diagnostics(alexnet, 1);
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    return republished;
  }

  it('reads input shapes per model', async () => {
    const [lens] = await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: encoder } });
    assert.match(lens!.command!.title, /^\(2, 3, 32, 32\) → \(2, 10\) · /);
  });

  it('re-levels or hides a diagnostic code', async () => {
    const warned = await update({ severityOverrides: { 'in-features-mismatch': 'warning' } });
    assert.deepEqual(warned.map((d) => [d.code, d.severity]), [['in-features-mismatch', 2]]);
    assert.deepEqual(await update({ severityOverrides: { 'in-features-mismatch': 'off' } }), []);
  });

  it('turns inlay hints and code lens off', async () => {
    await update({ inlayHints: { enabled: false }, codeLens: { enabled: false } });
    assert.deepEqual(await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: alexnet }, range: all }), []);
    assert.deepEqual(await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: alexnet } }), []);
    await update({});
    assert.ok((await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: alexnet }, range: all })).length > 20);
  });

  it('logs input shapes it cannot read, and goes on', async () => {
    const diagnostics = await update({ inputShapes: { AlexNet: 'two by three' } });
    assert.equal(diagnostics.length, 1);
    assert.ok(lsp.logs.some((l) => l.includes('shapelint.inputShapes: cannot read AlexNet')));
  });
});

describe('node IPC transport', () => {
  it('initializes and publishes diagnostics over IPC', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const init = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(init.capabilities.hoverProvider, true);
      await connection.sendNotification('initialized', {});
      const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
      const uri = fileUri('examples/alexnet_bug.py');
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: readText('examples/alexnet_bug.py') } });
      const { diagnostics } = await published;
      assert.deepEqual(diagnostics.map((d) => d.code), ['in-features-mismatch']);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill(), 2000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
      });
      connection.dispose();
    }
  });
});
