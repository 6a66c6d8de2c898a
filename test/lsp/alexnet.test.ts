/**
 * The new-user path on the seed AlexNet bug (`nn.Linear(256 * 13 * 13, 4096)` on 227×227
 * inputs), over real LSP: one squiggle on line 33, hovers with the arithmetic, inlay hints,
 * code lens, the summary, and quick fixes that make the squiggle go.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Hover, InlayHint, MarkupContent } from 'vscode-languageserver/node';
import { matchGolden } from './golden';
import { LspClient, applyTextEdits, fileUri, lastPositionOf, positionOf, readText } from './client';

const PATH = 'examples/alexnet_bug.py';

describe('AlexNet seed bug over LSP', () => {
  let lsp: LspClient;
  const uri = fileUri(PATH);
  const text = readText(PATH);
  let opened: Awaited<ReturnType<LspClient['open']>>;

  before(async () => {
    lsp = await LspClient.start();
    opened = await lsp.open(uri, text);
  });
  after(async () => { await lsp.close(); });

  const hover = async (position: { line: number; character: number }): Promise<string> => {
    const h = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.ok(h, 'a hover');
    return (h.contents as MarkupContent).value;
  };

  it('publishes exactly one error, on line 33, naming 43264 and 9216', () => {
    const errors = opened.filter((d) => d.severity === 1);
    assert.equal(errors.length, 1);
    const [e] = errors;
    assert.equal(e!.range.start.line + 1, 33);
    assert.equal(e!.code, 'in-features-mismatch');
    assert.equal(e!.source, 'shapelint');
    assert.match(e!.message as string, /43264/);
    assert.match(e!.message as string, /9216/);
    assert.equal(opened.length, 1, 'nothing else is reported');
  });

  it('hovering the Linear shows 9216 and its parameters as weight and bias terms', async () => {
    const value = await hover(positionOf(text, 'nn.Linear(256', 4));
    assert.match(value, /9216/);
    assert.match(value, /9216×4096 = 37,748,736 weights \+ 4,096 biases = 37,752,832/);
    matchGolden('alexnet-hover-linear', value);
  });

  it('hovering the last MaxPool2d shows its 6×6 output and the formula', async () => {
    const value = await hover(lastPositionOf(text, 'nn.MaxPool2d', 5));
    assert.match(value, /`\(N, 256, 13, 13\)` → `\(N, 256, 6, 6\)`/);
    assert.match(value, /H: ⌊\(13 \+ 2·0 − 3\)\/2⌋ \+ 1 = 6/);
    matchGolden('alexnet-hover-maxpool', value);
  });

  it('hovers where a layer is called in forward and on tensor variables', async () => {
    assert.match(await hover(positionOf(text, 'self.features(x)', 6)), /Sequential.*\n\n`\(N, 3, 227, 227\)` → `\(N, 256, 6, 6\)`/);
    const flat = await hover(positionOf(text, 'x = torch.flatten'));
    assert.match(flat, /\*\*x\*\* · `\(N, 9216\)`/);
    assert.match(await hover(positionOf(text, 'torch.flatten', 6)), /256×6×6 = 9,216/);
    assert.match(await hover(positionOf(text, 'class AlexNet', 7)), /201,838,952/);
  });

  it('answers nothing, not an error, away from layers', async () => {
    const h = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.equal(h, null);
  });

  it('gives an inlay hint after every layer and tensor assignment', async () => {
    const lines = text.split('\n').length;
    const hints = await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } });
    const labels = hints.map((h) => h.label as string);
    assert.ok(labels.includes('→ (N, 256, 6, 6)'));
    assert.ok(labels.includes('→ (N, 9216)'));
    // 15 feature layers + Sequential, 7 classifier layers + Sequential, 3 assignments in forward.
    assert.equal(hints.length, 27);
    matchGolden('alexnet-inlay-hints', hints);
  });

  it('shows a code lens above the model', async () => {
    const lenses = await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses[0]!.range.start.line + 1, 11);
    assert.equal(lenses[0]!.command!.title, '(N, 3, 227, 227) → (N, 1000) · 201,838,952 params · 1,274,716,704 MACs');
    assert.equal(lenses[1]!.command!.command, 'shapelint.showSummary');
    matchGolden('alexnet-code-lens', lenses);
  });

  it('returns the summary table for Show summary', async () => {
    const [summary] = await lsp.request<{ name: string; markdown: string; csv: string }[]>('shapelint/summary', { uri, model: 'AlexNet' });
    assert.ok(summary);
    assert.match(summary.markdown, /\| Layer \| Type \| Output shape \| Params \| MACs \| Line \|/);
    assert.match(summary.markdown, /\| features\.14 \| MaxPool2d \| \(N, 256, 6, 6\) \| -- \| -- \|/);
    assert.match(summary.csv, /^classifier\.1,Linear,"\(N, 4096\)",/m);
    matchGolden('alexnet-summary', summary);
  });

  const actions = async (): Promise<CodeAction[]> => lsp.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri }, range: opened[0]!.range, context: { diagnostics: opened, only: ['quickfix'] },
  });

  it('offers the in_features fix in the author\'s style, attached to the diagnostic', async () => {
    const list = await actions();
    const preferred = list.find((a) => a.isPreferred)!;
    assert.equal(preferred.title, 'Set in_features to 256 * 6 * 6 (= 9216)');
    assert.equal(preferred.kind, 'quickfix');
    assert.deepEqual(preferred.diagnostics, [opened[0]]);
    assert.ok(list.some((a) => a.title === 'Switch to nn.LazyLinear(4096)'));
    matchGolden('alexnet-code-actions', list);
  });

  for (const title of ['Set in_features to 256 * 6 * 6 (= 9216)', 'Switch to nn.LazyLinear(4096)']) {
    it(`applying "${title}" makes the squiggle go`, async () => {
      const action = (await actions()).find((a) => a.title === title)!;
      const fixed = applyTextEdits(text, action.edit!.changes![uri]!);
      const diagnostics = await lsp.change(uri, [{ text: fixed }]);
      assert.deepEqual(diagnostics.filter((d) => d.severity === 1), []);
      assert.match(fixed.split('\n')[32]!, title.includes('Lazy') ? /^ {12}nn\.LazyLinear\(4096\),$/ : /^ {12}nn\.Linear\(256 \* 6 \* 6, 4096\),$/);
      const back = await lsp.change(uri, [{ text }]);
      assert.equal(back.filter((d) => d.severity === 1).length, 1);
    });
  }
});
