/**
 * @lezer/python does not tokenize floats written with a trailing dot (`0.`, `4.`, `1.e-3`),
 * which model code uses all the time (`drop=0.`, `mlp_ratio=4.`): it parses `0.` as an
 * attribute access and derails the rest of the expression. Before parsing, a `0` is
 * inserted after each such dot (outside strings and comments); `SourceMap` maps the
 * parser's offsets back to the user's text.
 */

export interface SourceMap {
  /** Offsets (in the rewritten text) where one character was inserted, ascending. */
  readonly inserts: readonly number[];
}

/** Rewrites trailing-dot floats to parseable ones and records where it inserted. */
export function rewriteTrailingDotFloats(text: string): { text: string; map: SourceMap } {
  if (!/\d\.(?!\d)/.test(text)) return { text, map: { inserts: [] } };
  // Scan first, copy once: most hits of the quick test are in comments and docstrings.
  const zeros: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < n) {
        if (text[j] === '\\') { j += 2; continue; }
        if (text.startsWith(quote, j)) { j += quote.length; break; }
        if (!triple && text[j] === '\n') break;
        j++;
      }
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9' && !/[\w.]/.test(text[i - 1] ?? ' ')) {
      let j = i;
      while (j < n && /[\d_]/.test(text[j]!)) j++;
      if (text[j] === '.' && !/[\d.]/.test(text[j + 1] ?? ' ') && !/[a-df-zA-DF-Z_]/.test(text[j + 1] ?? ' ')) {
        j++;
        zeros.push(j);
      }
      i = j;
      continue;
    }
    i++;
  }
  if (zeros.length === 0) return { text, map: { inserts: [] } };
  const parts: string[] = [];
  let last = 0;
  for (const at of zeros) {
    parts.push(text.slice(last, at), '0');
    last = at;
  }
  parts.push(text.slice(last));
  // Each insert lands after the ones before it: its offset in the rewritten text.
  return { text: parts.join(''), map: { inserts: zeros.map((at, k) => at + k) } };
}

/** The user's offset for an offset in the rewritten text. */
export function originalOffset(map: SourceMap, offset: number): number {
  const { inserts } = map;
  if (inserts.length === 0) return offset;
  let lo = 0;
  let hi = inserts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (inserts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return offset - lo;
}
