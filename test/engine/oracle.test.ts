/**
 * The oracle suite: the engine against golden files produced by real PyTorch for the
 * model corpus (test/oracle/models) and by real torchvision for its own model files.
 * Thresholds are the product's promises: ≥ 95% of layer/op shapes exact on correct
 * models, ≥ 90% of shape bugs flagged on the line PyTorch blames, no error on correct
 * code, and at least 10 of the torchvision factories exact end to end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareFile, loadGolden, repoRoot, type ModelComparison } from '../oracle/compare';
import { compareTorchvision } from '../oracle/torchvision';

const goldens = readdirSync(join(repoRoot, 'test', 'oracle', 'golden')).filter((f) => f.endsWith('.json') && f !== 'torchvision.json');
const results: ModelComparison[] = goldens.flatMap((g) => {
  const golden = loadGolden(g);
  return compareFile(golden.path, golden);
});
const correct = results.filter((r) => r.bugFlagged === undefined);
const bugs = results.filter((r) => r.bugFlagged !== undefined);

test('the corpus is large enough to mean something', () => {
  assert.ok(results.length >= 40, `${results.length} models`);
  assert.ok(bugs.length >= 15, `${bugs.length} bug models`);
});

test('layer and op shapes match PyTorch on correct models (≥ 95%)', () => {
  const positions = correct.reduce((a, r) => a + r.positions, 0);
  const exact = correct.reduce((a, r) => a + r.exact, 0);
  const misses = correct.flatMap((r) => r.mismatches.map((m) => `${r.file}: ${m}`));
  assert.ok(exact / positions >= 0.95, `${exact}/${positions}\n${misses.slice(0, 20).join('\n')}`);
});

test('params match PyTorch on correct models', () => {
  const wrong = correct.filter((r) => !r.paramsExact).map((r) => `${r.file} ${r.model}`);
  assert.ok(wrong.length <= correct.length * 0.05, wrong.join(', '));
});

test('shape bugs are flagged on the line PyTorch blames (≥ 90%)', () => {
  const missed = bugs.filter((r) => !r.bugFlagged).map((r) => `${r.file}: ${r.errorDiagnostics.join('; ') || 'no error'}`);
  assert.ok(bugs.length - missed.length >= 0.9 * bugs.length, missed.join('\n'));
});

test('no error diagnostics on correct models', () => {
  const noisy = correct.filter((r) => r.errorDiagnostics.length).map((r) => `${r.file}: ${r.errorDiagnostics.join('; ')}`);
  assert.deepEqual(noisy, []);
});

test('torchvision factories: ≥ 10 exact end to end, no error diagnostics', (t) => {
  const tv = compareTorchvision();
  if (tv.length === 0) { t.skip('torchvision is not installed (python3-torchvision)'); return; }
  const exact = tv.filter((r) => r.endToEnd).map((r) => r.factory);
  assert.ok(exact.length >= 10, `exact: ${exact.join(', ')}`);
  assert.deepEqual(tv.filter((r) => r.falseErrors.length).map((r) => `${r.factory}: ${r.falseErrors.join('; ')}`), []);
});
