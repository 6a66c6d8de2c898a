/**
 * The CLI as users run it: the bundled binary, its exit codes (0 clean, 1 errors, 2 usage
 * or I/O), its JSON schema (PRODUCT §6) and its text table on the bundled AlexNet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot } from '../oracle/compare';

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'shapelint.js'), ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('text output shows the AlexNet arithmetic and exits 0', () => {
  const r = run('examples/alexnet.py');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /flatten\s+flatten\s+\(N, 9216\)/);
  assert.match(r.stdout, /classifier\.1\s+Linear\s+\(N, 4096\)\s+37,752,832/);
  assert.match(r.stdout, /Total params: 62,378,344/);
});

test('json follows the schema and places the seed bug on the Linear', () => {
  const r = run('--format', 'json', 'examples/alexnet_bug.py');
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(report.version, 1);
  const file = report.files[0];
  assert.equal(file.path, 'examples/alexnet_bug.py');
  const model = file.models[0];
  assert.deepEqual(Object.keys(model), ['name', 'line', 'input', 'output', 'params', 'macs', 'layers']);
  assert.deepEqual(model.input, ['N', 3, 227, 227]);
  const linear = model.layers.find((l: { name: string }) => l.name === 'classifier.1');
  assert.deepEqual({ line: linear.line, column: linear.column, op: linear.op }, { line: 33, column: 13, op: 'Linear' });
  const errors = file.diagnostics.filter((d: { severity: string }) => d.severity === 'error');
  assert.equal(errors.length, 1);
  assert.deepEqual([errors[0].line, errors[0].column, errors[0].code], [33, 13, 'in-features-mismatch']);
  assert.match(errors[0].message, /43264.*9216/);
});

test('--input overrides the shape and names the entry', () => {
  const r = run('--format', 'json', '--input', 'AlexNet=1,3,227,227', 'examples/alexnet.py');
  const model = JSON.parse(r.stdout).files[0].models[0];
  assert.deepEqual(model.input, [1, 3, 227, 227]);
  assert.deepEqual(model.output, [1, 1000]);
});

test('sarif is SARIF 2.1.0 with the rule id', () => {
  const r = run('--format', 'sarif', 'examples/alexnet_bug.py');
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].results.find((x: { level: string }) => x.level === 'error').ruleId, 'in-features-mismatch');
});

test('usage and I/O errors exit 2 with a message', () => {
  for (const args of [[], ['--format', 'xml', 'x.py'], ['--input', 'bad', 'examples/alexnet.py'], ['no/such/file.py']]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /shapelint: /);
  }
});

test('a reader that closes the pipe early (`| head`) gets no crash and no stack trace', async () => {
  const { spawn } = await import('node:child_process');
  // Big enough output that the pipe closes while the CLI is still writing.
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'shapelint.js'), '--format', 'json', 'test/oracle'], { cwd: repoRoot });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.notEqual(status, null);
});

test('the CLI starts from the build\'s code cache, and from a broken or missing one gives the same report', () => {
  assert.ok(existsSync(join(repoRoot, 'dist', 'cli.codecache')), 'the build writes dist/cli.codecache');
  const expected = run('--format', 'json', 'examples/alexnet.py').stdout;
  const copy = mkdtempSync(join(tmpdir(), 'shapelint-cache-'));
  for (const dir of ['bin', 'dist']) mkdirSync(join(copy, dir));
  for (const file of ['bin/shapelint.js', 'bin/loadCli.js', 'dist/cli.js']) copyFileSync(join(repoRoot, file), join(copy, file));
  const runCopy = (): string => spawnSync(process.execPath, [join(copy, 'bin', 'shapelint.js'), '--format', 'json', join(repoRoot, 'examples', 'alexnet.py')], { cwd: repoRoot, encoding: 'utf8' }).stdout;
  assert.equal(runCopy(), expected, 'without a cache');
  writeFileSync(join(copy, 'dist', 'cli.codecache'), Buffer.from('not a V8 code cache'));
  assert.equal(runCopy(), expected, 'with a cache V8 rejects');
});
