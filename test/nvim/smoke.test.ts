/**
 * Neovim smoke test: Debian's neovim (0.7.2, `vim.lsp.start_client`) runs headless against
 * the server over stdio (test/nvim/smoke.lua): diagnostics and hover work outside VS Code.
 * Skipped, saying so, where `nvim` is not installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../lsp/client';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const version = nvim.status === 0 ? nvim.stdout.split('\n')[0] : undefined;

describe('Neovim over stdio', () => {
  it(`shows the diagnostic and the hover (${version ?? 'nvim not installed'})`, { skip: version ? false : 'nvim is not installed (apt-get install neovim)' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'shapelint-nvim-'));
    try {
      const out = join(dir, 'result.json');
      const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', 'luafile test/nvim/smoke.lua'], {
        cwd: ROOT, env: { ...process.env, SHAPELINT_NVIM_OUT: out, SHAPELINT_NODE: process.execPath }, timeout: 30000, encoding: 'utf8',
      });
      assert.equal(run.status, 0, `nvim exited ${run.status}: ${run.stderr}`);
      const result = JSON.parse(readFileSync(out, 'utf8')) as {
        errors: string[];
        diagnostics: { range: { start: { line: number } }; severity: number; code: string; message: string }[];
        hover: { contents: { kind: string; value: string } };
      };
      assert.deepEqual(result.errors, []);
      assert.equal(result.diagnostics.length, 1);
      assert.equal(result.diagnostics[0]!.range.start.line + 1, 33);
      assert.equal(result.diagnostics[0]!.code, 'in-features-mismatch');
      assert.match(result.diagnostics[0]!.message, /43264.*9216/);
      assert.equal(result.hover.contents.kind, 'markdown');
      assert.match(result.hover.contents.value, /9216×4096 = 37,748,736 weights \+ 4,096 biases = 37,752,832/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
