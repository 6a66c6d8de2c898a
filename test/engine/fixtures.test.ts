/**
 * Data-driven fixtures: Python model files that carry their expectations in comments.
 *   `# shape: (2, 64, 55, 55)`  some layer, op or tensor variable on this line has this shape
 *   `# error: in-features-mismatch`  an error with this code starts on this line
 *   `# warning: spatial-collapse`  a warning with this code starts on this line
 * Files without `# error:` must produce no error at all, and no warning without `# warning:`. Every `# shape:` comment is also
 * checked against the golden file real PyTorch produced for the same file
 * (test/oracle/torch_oracle.py), so the expectations are PyTorch's, not ours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../server/src/engine/analyze';
import { formatShape } from '../../server/src/engine/dims';
import { LineIndex } from '../../server/src/syntax/positions';
import { repoRoot } from '../oracle/compare';

const dir = join(repoRoot, 'test', 'fixtures');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.py'))) {
  test(`fixture ${file}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const analysis = analyzeSource(text);
    const index = new LineIndex(text);
    const lineOf = (offset: number): number => index.position(offset).line;
    const golden = JSON.parse(readFileSync(join(dir, 'golden', file.replace(/\.py$/, '.json')), 'utf8'));
    const torchShapes = new Map<number, string[]>();
    for (const m of golden.models) for (const l of m.layers) if (l.output) torchShapes.set(l.line, [...(torchShapes.get(l.line) ?? []), formatShape(l.output)]);
    const expectedErrors: { line: number; code: string }[] = [];
    const expectedWarnings: { line: number; code: string }[] = [];
    text.split('\n').forEach((line, i) => {
      const lineNo = i + 1;
      const shape = /#\s*shape:\s*(\(.*\))\s*$/.exec(line)?.[1];
      if (shape) {
        const ours = [
          ...analysis.records.filter((r) => lineOf(r.span.from) === lineNo).map((r) => formatShape(r.output)),
          ...analysis.variables.filter((v) => lineOf(v.span.from) === lineNo).map((v) => formatShape(v.shape)),
        ];
        assert.ok(ours.includes(shape), `${file}:${lineNo}: expected ${shape}, engine has ${ours.join(' | ') || 'nothing'}`);
        assert.ok(torchShapes.get(lineNo)?.includes(shape), `${file}:${lineNo}: the expectation ${shape} is not what PyTorch computed (${torchShapes.get(lineNo)?.join(' | ') ?? 'no record'})`);
      }
      const code = /#\s*error:\s*([\w-]+)/.exec(line)?.[1];
      if (code) expectedErrors.push({ line: lineNo, code });
      const warning = /#\s*warning:\s*([\w-]+)/.exec(line)?.[1];
      if (warning) expectedWarnings.push({ line: lineNo, code: warning });
    });
    const found = (severity: string): { line: number; code: string }[] =>
      analysis.diagnostics.filter((d) => d.severity === severity).map((d) => ({ line: lineOf(d.span.from), code: d.code })).sort((a, b) => a.line - b.line);
    assert.deepEqual(found('error'), expectedErrors);
    assert.deepEqual(found('warning'), expectedWarnings);
  });
}
