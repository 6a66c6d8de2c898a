/**
 * Prints the oracle scores: layer/op shapes exact, bugs flagged at the right line, false
 * errors on correct code, and torchvision factories exact end to end.
 * Run: `npm run oracle` (after `npm test` has compiled it), `-v` for every mismatch.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareFile, loadGolden, repoRoot, type ModelComparison } from './compare';
import { compareTorchvision } from './torchvision';

const verbose = process.argv.includes('-v');
const goldens = readdirSync(join(repoRoot, 'test', 'oracle', 'golden')).filter((f) => f.endsWith('.json') && f !== 'torchvision.json');
const results: ModelComparison[] = [];
for (const g of goldens) {
  const golden = loadGolden(g);
  results.push(...compareFile(golden.path, golden));
}
const correct = results.filter((r) => r.bugFlagged === undefined);
const bugs = results.filter((r) => r.bugFlagged !== undefined);
const positions = correct.reduce((a, r) => a + r.positions, 0);
const exact = correct.reduce((a, r) => a + r.exact, 0);
const pct = (a: number, b: number): string => `${((100 * a) / Math.max(b, 1)).toFixed(1)}%`;
for (const r of results) {
  const bad = r.mismatches.length || !r.paramsExact || !r.outputExact || r.bugFlagged === false || (r.bugFlagged === undefined && r.errorDiagnostics.length);
  if (!bad) continue;
  console.log(`${r.file} ${r.model}: ${r.exact}/${r.positions} shapes${r.paramsExact ? '' : ', params differ'}${r.outputExact ? '' : ', output differs'}${r.bugFlagged === false ? ', BUG NOT FLAGGED' : ''}`);
  if (r.bugFlagged === undefined) for (const e of r.errorDiagnostics) console.log(`   false error: ${e}`);
  if (verbose) for (const m of r.mismatches) console.log(`   ${m}`);
}
const falseErrors = correct.filter((r) => r.errorDiagnostics.length > 0);
console.log('\nper corpus: shapes exact, params exact, bugs flagged, correct models with errors');
const corpora = [...new Set(results.map((r) => r.file.split('/').slice(0, -1).join('/')))].sort();
for (const dir of corpora) {
  const mine = results.filter((r) => r.file.startsWith(`${dir}/`));
  const ok = mine.filter((r) => r.bugFlagged === undefined);
  const flagged = mine.filter((r) => r.bugFlagged !== undefined);
  const p = ok.reduce((a, r) => a + r.positions, 0);
  const e = ok.reduce((a, r) => a + r.exact, 0);
  console.log(`  ${dir.padEnd(20)} ${`${e}/${p}`.padStart(12)} (${pct(e, p)})  ${ok.filter((r) => r.paramsExact).length}/${ok.length}  ${flagged.filter((r) => r.bugFlagged).length}/${flagged.length}  ${ok.filter((r) => r.errorDiagnostics.length).length}`);
}
console.log(`\nlayer/op shapes exact on correct models: ${exact}/${positions} (${pct(exact, positions)})`);
console.log(`params exact: ${correct.filter((r) => r.paramsExact).length}/${correct.length} models`);
console.log(`bugs flagged at the right line: ${bugs.filter((r) => r.bugFlagged).length}/${bugs.length} (${pct(bugs.filter((r) => r.bugFlagged).length, bugs.length)})`);
console.log(`correct models with error diagnostics: ${falseErrors.length}/${correct.length}`);

const tv = compareTorchvision();
for (const r of tv) {
  if (!r.endToEnd || r.falseErrors.length || verbose) console.log(`${r.factory}: ${r.endToEnd ? 'exact' : `params ${r.params} vs ${r.torchParams}, output ${JSON.stringify(r.output)} vs ${JSON.stringify(r.torchOutput)}`}; shapes ${r.exact}/${r.positions}${r.falseErrors.length ? `; errors: ${r.falseErrors.join(' | ')}` : ''}`);
}
console.log(`torchvision factories exact end to end: ${tv.filter((r) => r.endToEnd).length}/${tv.length}; with error diagnostics: ${tv.filter((r) => r.falseErrors.length).length}`);
