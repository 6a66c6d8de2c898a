/**
 * The oracle suite: the engine against golden files produced by real PyTorch for the
 * model corpora (test/oracle/models*) and by real torchvision for its own model files.
 * Thresholds are the product's promises: ≥ 95% of layer/op shapes and params exact on
 * the textbook corpus (models/), a floor of 85% shapes and 90% params over every corpus
 * (the later corpora were written to find gaps, and some still show them: `npm run oracle`
 * lists them), ≥ 90% of shape bugs flagged on the line PyTorch blames, no error on any
 * correct model, and at least 10 of the torchvision factories exact end to end.
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

const textbook = correct.filter((r) => r.file.startsWith('test/oracle/models/'));

function assertShapes(models: ModelComparison[], share: number): void {
  const positions = models.reduce((a, r) => a + r.positions, 0);
  const exact = models.reduce((a, r) => a + r.exact, 0);
  const misses = models.flatMap((r) => r.mismatches.map((m) => `${r.file}: ${m}`));
  assert.ok(exact / positions >= share, `${exact}/${positions}\n${misses.slice(0, 20).join('\n')}`);
}

function assertParams(models: ModelComparison[], share: number): void {
  const wrong = models.filter((r) => !r.paramsExact).map((r) => `${r.file} ${r.model}`);
  assert.ok(wrong.length <= models.length * (1 - share), wrong.join(', '));
}

test('layer and op shapes match PyTorch on the textbook corpus (≥ 95%)', () => {
  assert.ok(textbook.length >= 40, `${textbook.length} textbook models`);
  assertShapes(textbook, 0.95);
});

test('params match PyTorch on the textbook corpus (≥ 95% of models)', () => assertParams(textbook, 0.95));

test('every corpus together: ≥ 85% of shapes and ≥ 90% of params exact', () => {
  assertShapes(correct, 0.85);
  assertParams(correct, 0.9);
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
