/**
 * The injection grammar for `# shapelint: input=(…)` comments, run with VS Code's own
 * TextMate engine (vscode-textmate + vscode-oniguruma) on top of VS Code's Python grammar
 * (MagicPython, as packaged by tm-grammars). Token scopes are snapshotted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { matchGolden } from '../lsp/golden';
import { ROOT } from '../lsp/client';

const INJECTION = 'comment.directive.shapelint.injection';

interface Token {
  text: string;
  scopes: string[];
}

async function loadPython(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = {
    'source.python': require.resolve('tm-grammars/grammars/python.json'),
    [INJECTION]: join(ROOT, 'syntaxes', 'shapelint-comment.tmLanguage.json'),
  };
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (files[scope] ? parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope) => (scope === 'source.python' ? [INJECTION] : undefined),
  });
  const grammar = await registry.loadGrammar('source.python');
  assert.ok(grammar);
  return grammar;
}

function tokenize(grammar: IGrammar, text: string): Token[][] {
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

describe('shapelint comment grammar', () => {
  let lines: Token[][];
  const scopesOf = (line: number, text: string): string[] => lines[line]!.find((t) => t.text === text)?.scopes ?? [];

  before(async () => {
    lines = tokenize(await loadPython(), readFileSync(join(ROOT, 'test', 'grammar', 'sample.py'), 'utf8'));
  });

  it('scopes the directive, its key and each dim inside a Python comment', () => {
    assert.deepEqual(scopesOf(2, 'shapelint'), ['source.python', 'comment.line.number-sign.python', 'meta.directive.shapelint', 'comment.line.directive.shapelint', 'keyword.other.directive.shapelint']);
    assert.ok(scopesOf(2, 'input').includes('variable.parameter.directive.shapelint'));
    assert.ok(scopesOf(2, '224').includes('constant.numeric.integer.dimension.shapelint'));
    assert.ok(scopesOf(2, 'N').includes('variable.language.batch.shapelint'));
  });

  it('reads the compact and the several-input forms', () => {
    assert.ok(scopesOf(6, 'shapelint').includes('keyword.other.directive.shapelint'));
    assert.ok(scopesOf(6, 'None').includes('variable.language.batch.shapelint'));
    assert.ok(scopesOf(6, '20').includes('constant.numeric.integer.dimension.shapelint'));
  });

  it('leaves other comments and code alone', () => {
    const plain = lines[10]!.flatMap((t) => t.scopes).filter((s) => s.endsWith('.shapelint'));
    assert.deepEqual(plain, []);
    const code = lines[12]!.filter((t) => !t.scopes.includes('comment.line.number-sign.python')).flatMap((t) => t.scopes).filter((s) => s.endsWith('.shapelint'));
    assert.deepEqual(code, []);
    assert.ok(lines[12]!.some((t) => t.scopes.includes('comment.typehint.ignore.notation.python')), '# type: ignore keeps its own scopes');
    assert.ok(scopesOf(11, 'C').includes('variable.other.dimension.shapelint'), 'a trailing comment counts too');
  });

  it('matches the snapshot', () => {
    const snapshot = lines.map((tokens) => tokens.map((t) => `${t.text} :: ${t.scopes.slice(1).join(' ')}`));
    matchGolden('sample-tokens', snapshot, join('test', 'grammar', 'golden'));
  });
});
