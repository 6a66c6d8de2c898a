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
  let out = '';
  const inserts: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += text.slice(i, stop);
      i = stop;
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
      out += text.slice(i, j);
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9' && !/[\w.]/.test(text[i - 1] ?? ' ')) {
      let j = i;
      while (j < n && /[\d_]/.test(text[j]!)) j++;
      out += text.slice(i, j);
      if (text[j] === '.' && !/[\d.]/.test(text[j + 1] ?? ' ') && !/[a-df-zA-DF-Z_]/.test(text[j + 1] ?? ' ')) {
        out += '.';
        inserts.push(out.length);
        out += '0';
        j++;
      }
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, map: { inserts } };
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
