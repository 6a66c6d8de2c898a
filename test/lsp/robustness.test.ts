/**
 * A run of broken edits — an unclosed parenthesis, a half-typed call typed key by key,
 * a deleted class, pathological nesting — after which the server still answers correctly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, Hover, InlayHint, MarkupContent } from 'vscode-languageserver/node';
import { LspClient, fileUri, positionOf, readText } from './client';

const PATH = 'examples/alexnet_bug.py';

describe('broken edits', () => {
  let lsp: LspClient;
  const uri = fileUri(PATH);
  const original = readText(PATH);
  const lines = original.split('\n');
  const line33 = lines[32]!;
  const everything = { start: { line: 0, character: 0 }, end: { line: lines.length + 5, character: 0 } };

  before(async () => {
    lsp = await LspClient.start();
    await lsp.open(uri, original);
  });
  after(async () => { await lsp.close(); });

  const hoverText = async (position: { line: number; character: number }): Promise<string | null> => {
    const h = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    return h ? (h.contents as MarkupContent).value : null;
  };
  const conv = positionOf(original, 'nn.Conv2d(3, 96', 4);

  it('survives an unclosed parenthesis', async () => {
    const close = line33.lastIndexOf(')');
    const diagnostics = await lsp.change(uri, [{ range: { start: { line: 32, character: close }, end: { line: 32, character: close + 1 } }, text: '' }]);
    assert.ok(Array.isArray(diagnostics));
    assert.ok(!diagnostics.some((d) => d.severity === 1 && d.range.start.line < 30), 'no error invented above the edit');
    assert.match((await hoverText(conv))!, /`\(N, 3, 227, 227\)` → `\(N, 96, 55, 55\)`/);
  });

  it('survives a half-typed call typed key by key', async () => {
    await lsp.change(uri, [{ range: { start: { line: 32, character: 0 }, end: { line: 32, character: line33.length } }, text: '            nn.Linear(' }]);
    const typed = '9216, 4096),';
    let version = 0;
    for (let i = 0; i < typed.length; i++) {
      const at = '            nn.Linear('.length + i;
      version = await lsp.changeNoWait(uri, [{ range: { start: { line: 32, character: at }, end: { line: 32, character: at } }, text: typed[i]! }]);
    }
    const diagnostics = await lsp.diagnostics(uri, version);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1), [], 'the finished line is correct');
    const linear = await hoverText({ line: 32, character: 16 });
    assert.match(linear!, /9216×4096 = 37,748,736 weights \+ 4,096 biases = 37,752,832/);
  });

  it('answers empty when the class is deleted, and recovers when it comes back', async () => {
    const classLine = lines.findIndex((l) => l.startsWith('class AlexNet'));
    const diagnostics = await lsp.change(uri, [{ range: { start: { line: classLine, character: 0 }, end: { line: 46, character: 0 } }, text: '' }]);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1), []);
    assert.equal(await hoverText(conv), null);
    assert.deepEqual(await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything }), []);
    assert.deepEqual(await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }), []);
    const back = await lsp.change(uri, [{ text: original }]);
    assert.equal(back.filter((d) => d.severity === 1).length, 1);
    assert.match((await hoverText(conv))!, /34,848 weights \+ 96 biases = 34,944/);
  });

  it('survives pathological text and positions past the end', async () => {
    const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n` + 'class A(nn.Module:\n  def forward(self, x\n' + '\u0000\uFFFF'.repeat(10);
    const diagnostics = await lsp.change(uri, [{ text: deep }]);
    assert.ok(Array.isArray(diagnostics));
    assert.equal(await hoverText({ line: 9999, character: 9999 }), null);
    await lsp.request('textDocument/codeAction', { textDocument: { uri }, range: everything, context: { diagnostics: [] } });
    const back = await lsp.change(uri, [{ text: original }]);
    assert.equal(back.filter((d) => d.severity === 1).length, 1);
    assert.match((await hoverText(conv))!, /Conv2d/);
  });

  it('logged no handler failure along the way', () => {
    assert.deepEqual(lsp.logs.filter((l) => / failed: /.test(l)), []);
  });

  it('answers empty for documents it was never sent', async () => {
    const other = fileUri('nowhere/missing.py');
    assert.equal(await lsp.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await lsp.request('textDocument/codeLens', { textDocument: { uri: other } }), []);
  });
});
