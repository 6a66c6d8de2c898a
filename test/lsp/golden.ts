/**
 * Golden JSON files for LSP answers: `test/lsp/golden/NAME.json`, written when missing and
 * rewritten when UPDATE_GOLDEN=1. File URIs are stored relative to the repository root.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './client';

const DIR = join('test', 'lsp', 'golden');

function portable(value: unknown): unknown {
  const root = pathToFileURL(ROOT).toString();
  return JSON.parse(JSON.stringify(value).split(root).join('file:///REPO'));
}

/** Compares with (or writes) `DIR/NAME.json`; `dir` is relative to the repository root. */
export function matchGolden(name: string, value: unknown, dir = DIR): void {
  const file = join(ROOT, dir, `${name}.json`);
  const actual = portable(value);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(join(ROOT, dir), { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')), `${name} differs from ${dir}/${name}.json (UPDATE_GOLDEN=1 rewrites it)`);
}
