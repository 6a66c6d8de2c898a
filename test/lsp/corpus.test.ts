/**
 * Every editor feature on every model file in the repository (examples, engine fixtures,
 * oracle models), in process: no provider throws, every hover and hint lands inside the
 * text, and every quick fix, applied and re-analysed, makes its diagnostic go away.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeSource } from '../../server/src/engine/analyze';
import { LineIndex } from '../../server/src/syntax/positions';
import { codeActions } from '../../server/src/lsp/codeActions';
import { codeLenses } from '../../server/src/lsp/codeLens';
import { toLspDiagnostic } from '../../server/src/lsp/diagnostics';
import { hoverAt } from '../../server/src/lsp/hover';
import { inlayHints } from '../../server/src/lsp/inlayHints';
import { defaultSettings } from '../../server/src/lsp/settings';
import { summarize } from '../../server/src/lsp/summary';
import { ROOT, applyTextEdits } from './client';

const DIRS = ['examples', 'test/fixtures', 'test/oracle/models', 'test/lsp/fixtures'];
const files = DIRS.flatMap((d) => {
  try {
    return readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.py')).map((f) => join(d, f));
  } catch {
    return [];
  }
});

describe('editor features over the model corpus', () => {
  it('finds model files', () => assert.ok(files.length >= 5, `${files.length} files`));

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const analysis = analyzeSource(text);
      const index = new LineIndex(text);
      const lines = text.split('\n');
      const inText = (p: { line: number; character: number }): boolean => p.line < lines.length && p.character <= lines[p.line]!.length;

      for (const at of [...analysis.records.flatMap((r) => [r.span.from, r.callSpan?.from ?? r.span.from]), ...analysis.variables.map((v) => v.span.from)]) {
        const hover = hoverAt({ analysis, text, index }, at);
        assert.ok(hover, `a hover at offset ${at}`);
      }
      for (const hint of inlayHints(analysis, text, index, 0, text.length)) assert.ok(inText(hint.position), JSON.stringify(hint));
      for (const lens of codeLenses(analysis, index, 'file:///x.py')) assert.ok(inText(lens.range.start));
      for (const model of analysis.models) assert.match(summarize(model, index).markdown, /\| Layer \| Type \|/);

      const ctx = { analysis, text, index, uri: 'file:///x.py', toLsp: (d: Parameters<typeof toLspDiagnostic>[0]) => toLspDiagnostic(d, index, defaultSettings) };
      for (const d of analysis.diagnostics) {
        for (const action of codeActions(ctx, d.span.from, d.span.to).filter((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === d.code)) {
          const fixed = applyTextEdits(text, action.edit!.changes!['file:///x.py']!);
          const after = analyzeSource(fixed);
          const line = index.position(d.span.from).line;
          const again = after.diagnostics.filter((o) => o.code === d.code && new LineIndex(fixed).position(o.span.from).line === line + (fixed.split('\n').length - lines.length));
          if (d.code !== 'shape-unknown') assert.deepEqual(again.map((o) => o.message), [], `"${action.title}" settles ${d.code} on line ${line}`);
        }
      }
    });
  }
});
