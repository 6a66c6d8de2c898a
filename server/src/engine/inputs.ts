/**
 * Where a model's input shape comes from (PRODUCT §3), in the syntax users write it:
 * `--input ENTRY=2,3,224,224`, `# shapelint: input=(N, 3, 224, 224)` comments,
 * jaxtyping annotations `Float[Tensor, "N 3 224 224"]`.
 */
import type { Expr, Module, Span } from '../syntax/ast';
import type { Dim, Shape } from './dims';

/** Parses `(N, 3, 224, 224)` or `((N, 10), (N, 20))`; undefined when malformed. */
export function parseShapeList(text: string): Shape[] | undefined {
  const tokens = text.match(/\(|\)|,|-?\d+|[A-Za-z_][\w]*|\S/g) ?? [];
  let pos = 0;
  const parseTuple = (): (Dim | (Dim | unknown)[])[] | undefined => {
    if (tokens[pos] !== '(') return undefined;
    pos++;
    const items: (Dim | (Dim | unknown)[])[] = [];
    while (pos < tokens.length && tokens[pos] !== ')') {
      const t = tokens[pos]!;
      if (t === ',') { pos++; continue; }
      if (t === '(') {
        const inner = parseTuple();
        if (!inner) return undefined;
        items.push(inner);
        continue;
      }
      if (/^-?\d+$/.test(t)) items.push(Number(t));
      else if (/^[A-Za-z_]\w*$/.test(t)) items.push(t === 'None' ? 'N' : t);
      else return undefined;
      pos++;
    }
    if (tokens[pos] !== ')') return undefined;
    pos++;
    return items;
  };
  const trimmed = text.trim();
  if (!trimmed.startsWith('(')) {
    const dims = trimmed.split(/[\s,x×]+/).filter(Boolean).map((d) => (/^-?\d+$/.test(d) ? Number(d) : d));
    return dims.length && dims.every((d) => typeof d === 'number' || /^[A-Za-z_]\w*$/.test(d)) ? [dims] : undefined;
  }
  const top = parseTuple();
  if (!top || pos !== tokens.length) return undefined;
  if (top.every((d) => Array.isArray(d))) return top as Shape[];
  if (top.some((d) => Array.isArray(d))) return undefined;
  return [top as Shape];
}

/** CLI `SHAPE`: `2,3,224,224` or `N,3,224,224`. */
export function parseCliShape(text: string): Shape | undefined {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !p)) return undefined;
  const dims: Dim[] = [];
  for (const p of parts) {
    if (/^\d+$/.test(p)) dims.push(Number(p));
    else if (/^[A-Za-z_]\w*$/.test(p)) dims.push(p);
    else return undefined;
  }
  return dims;
}

export interface ShapeComment {
  shapes: Shape[];
  span: Span;
}

/**
 * The `# shapelint: input=…` comment directly above a definition starting at `start`
 * (decorators may sit between: `start` is where the first decorator begins).
 */
export function commentInputAbove(module: Module, text: string, start: number): ShapeComment | undefined | 'malformed' {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let cursor = lineStart - 1;
  while (cursor > 0) {
    const prevStart = text.lastIndexOf('\n', cursor - 1) + 1;
    const line = text.slice(prevStart, cursor).trim();
    if (!line.startsWith('#')) return undefined;
    const match = /^#\s*shapelint:\s*input\s*=\s*(.+)$/.exec(line);
    if (match) {
      const comment = module.comments.find((c) => c.span.from >= prevStart && c.span.from < cursor);
      const shapes = parseShapeList(match[1]!.trim());
      return shapes ? { shapes, span: comment?.span ?? { from: prevStart, to: cursor } } : 'malformed';
    }
    cursor = prevStart - 1;
  }
  return undefined;
}

/** `x: Float[Tensor, "N 3 224 224"]` → (N, 3, 224, 224); undefined for other annotations. */
export function jaxtypingShape(annotation: Expr | undefined): Shape | undefined {
  if (annotation?.k !== 'subscript' || annotation.index.k !== 'tuple') return undefined;
  const spec = annotation.index.items[1];
  if (spec?.k !== 'str') return undefined;
  const dims: Dim[] = [];
  for (const word of spec.value.trim().split(/\s+/)) {
    if (/^\d+$/.test(word)) dims.push(Number(word));
    else if (/^[A-Za-z_]\w*$/.test(word)) dims.push(word);
    else return undefined; // variadic (`*batch`, `...`) or expressions: not a fixed rank
  }
  return dims.length ? dims : undefined;
}
