/**
 * Quick fixes: the style-keeping rewrite on its own, then each fix over LSP on a fixture,
 * applied to the text and re-analysed: the diagnostic it names must be gone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover, InlayHint, MarkupContent } from 'vscode-languageserver/node';
import { refactorLike, styledValue } from '../../server/src/lsp/fixes';
import { matchGolden } from './golden';
import { LspClient, applyTextEdits, fileUri, positionOf, readText } from './client';

describe('styledValue keeps the author\'s style', () => {
  const cases: [string, number, string, number[]?][] = [
    ['256 * 13 * 13', 9216, '256 * 6 * 6'],
    ['256*13*13', 9216, '256*6*6'],
    ['16 * 5*5', 400 * 4, '16 * 10*10'],
    ['43264', 9216, '9216'],
    ['[100]', 64, '[64]'],
    ['(100,)', 64, '(64,)'],
    ['hidden * 4', 10, '10'],
    ['512 * 3 * 3', 9216, '9216'],
    ['512 * 3 * 3', 9216, '256 * 6 * 6', [256, 6, 6]],
    ['64 * 7 * 7', 3136, '64 * 7 * 7'],
  ];
  for (const [original, value, expected, hint] of cases) {
    it(`${original} with ${value} → ${expected}`, () => assert.equal(styledValue(original, value, [hint]), expected));
  }
  it('rebuilds only the trailing run of equal factors', () => {
    assert.deepEqual(refactorLike([256, 13, 13], 9216), [256, 6, 6]);
    assert.deepEqual(refactorLike([8, 3], 40), [8, 5]);
    assert.equal(refactorLike([8, 3], 20), undefined);
  });
});

describe('quick fixes over LSP', () => {
  let lsp: LspClient;
  before(async () => { lsp = await LspClient.start(); });
  after(async () => { await lsp.close(); });

  const actionsAt = (uri: string, d: Diagnostic): Promise<CodeAction[]> =>
    lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });

  /** Applies the preferred fix of every error in turn; returns the titles and the final text. */
  async function fixAll(path: string): Promise<{ titles: string[]; text: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(path);
    let text = readText(path);
    let diagnostics = await lsp.open(uri, text);
    const titles: string[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const error = diagnostics.find((d) => d.severity === 1);
      if (!error) break;
      const action = (await actionsAt(uri, error)).find((a) => a.isPreferred);
      assert.ok(action, `a preferred fix for ${error.code}: ${error.message}`);
      assert.deepEqual(action.diagnostics, [error]);
      titles.push(action.title);
      text = applyTextEdits(text, action.edit!.changes![uri]!);
      diagnostics = await lsp.change(uri, [{ text }]);
      assert.ok(!diagnostics.some((d) => d.code === error.code && d.range.start.line === error.range.start.line), `${error.code} is gone after "${action.title}"`);
    }
    return { titles, text, diagnostics };
  }

  it('inserts nn.Flatten() before a Linear in a Sequential', async () => {
    const { titles, text, diagnostics } = await fixAll('test/lsp/fixtures/flatten_seq.py');
    assert.deepEqual(titles, ['Insert nn.Flatten() before the Linear']);
    assert.match(text, /nn\.MaxPool2d\(2\),\n {12}nn\.Flatten\(\),\n {12}nn\.Linear\(16 \* 5 \* 5, 120\),/);
    assert.deepEqual(diagnostics, []);
  });

  it('flattens the tensor before a Linear called in forward', async () => {
    const { titles, text, diagnostics } = await fixAll('test/lsp/fixtures/flatten_fwd.py');
    assert.deepEqual(titles, ['Insert `x = torch.flatten(x, 1)` before the call']);
    assert.match(text, /\n {8}x = torch\.flatten\(x, 1\)\n {8}x = self\.fc\(x\)/);
    assert.deepEqual(diagnostics, []);
  });

  it('keeps keyword arguments keywords and brackets brackets', async () => {
    const { titles, text, diagnostics } = await fixAll('test/lsp/fixtures/keyword.py');
    assert.deepEqual(titles, ['Set in_channels to 32', 'Set num_features to 64', 'Set normalized_shape to [64]']);
    assert.match(text, /nn\.Conv2d\(in_channels=32, out_channels=64, kernel_size=3\)/);
    assert.match(text, /nn\.BatchNorm2d\(num_features=64\)/);
    assert.match(text, /nn\.LayerNorm\(\[64\]\)/);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1), []);
  });

  it('switches a keyword-argument layer to its Lazy variant', async () => {
    const path = 'test/lsp/fixtures/keyword.py';
    const uri = fileUri(path);
    const text = readText(path);
    const diagnostics = await lsp.change(uri, [{ text }]);
    const conv = diagnostics.find((d) => d.code === 'in-channels-mismatch')!;
    const lazy = (await actionsAt(uri, conv)).find((a) => a.title.startsWith('Switch to'))!;
    assert.equal(lazy.title, 'Switch to nn.LazyConv2d(out_channels=64, kernel_size=3)');
    const after = await lsp.change(uri, [{ text: applyTextEdits(text, lazy.edit!.changes![uri]!) }]);
    assert.ok(!after.some((d) => d.code === 'in-channels-mismatch'));
  });

  it('adds an input-shape comment above a model with symbolic input', async () => {
    const path = 'test/lsp/fixtures/symbolic.py';
    const uri = fileUri(path);
    const text = readText(path);
    await lsp.open(uri, text);
    const at = positionOf(text, 'class Encoder', 8);
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } });
    const add = actions.find((a) => a.title === 'Add an input-shape comment above Encoder')!;
    const fixed = applyTextEdits(text, add.edit!.changes![uri]!);
    assert.match(fixed, /\n# shapelint: input=\(N, 3, H, W\)\nclass Encoder/);
    await lsp.change(uri, [{ text: fixed.replace('(N, 3, H, W)', '(N, 3, 32, 32)') }]);
    const h = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(fixed, 'class Encoder', 8) });
    assert.match((h.contents as MarkupContent).value, /`\(N, 3, 32, 32\)` → `\(N, 10\)`/);
    assert.match((h.contents as MarkupContent).value, /from the `# shapelint: input=…` comment/);
  });

  it('shows each result of a layer built in a loop', async () => {
    const path = 'test/lsp/fixtures/loop.py';
    const uri = fileUri(path);
    const text = readText(path);
    await lsp.open(uri, text);
    const h = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'nn.Conv2d(prev', 4) });
    const value = (h.contents as MarkupContent).value;
    assert.match(value, /3 calls, 3 different results/);
    assert.match(value, /`blocks\.2`: `\(N, 32, 8, 8\)` → `\(N, 64, 4, 4\)`/);
    matchGolden('loop-hover-conv', value);
    const hints = await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } });
    assert.ok(hints.some((x) => x.label === '→ (N, 16, 16, 16) | (N, 32, 8, 8) | (N, 64, 4, 4)'));
    matchGolden('loop-inlay-hints', hints);
  });
});
