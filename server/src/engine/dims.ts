/**
 * Tensor dimensions: a number when known, otherwise a symbol or a symbolic expression
 * (`N`, `H`, `⌊(H − 3)/2⌋ + 1`). Arithmetic folds numbers and keeps symbols readable;
 * a check that needs a number it does not have is skipped by the caller, never guessed.
 */

export type Dim = number | string;
export type Shape = Dim[];

export function isNum(d: Dim | undefined): d is number {
  return typeof d === 'number';
}

function wrap(d: Dim): string {
  const s = String(d);
  return isAtom(s) || enclosed(s) ? s : `(${s})`;
}

/** `H`, `N`, `64`, `?`: a name or number that needs no parentheses. */
function isAtom(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 63;
    if (!word) return false;
  }
  return s.length > 0;
}

/** `⌊H/2⌋`, `⌈W/4⌉`: one floor or ceil around the whole expression (not `⌊a⌋ + ⌊b⌋`). */
function enclosed(s: string): boolean {
  const open = s[0];
  const close = open === '⌊' ? '⌋' : open === '⌈' ? '⌉' : undefined;
  if (!close || s[s.length - 1] !== close) return false;
  let depth = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s[i];
    if (c === '(' || c === '⌊' || c === '⌈') depth++;
    else if (c === ')' || c === '⌋' || c === '⌉') depth--;
    if (depth === 0) return false;
  }
  return true;
}

/**
 * One string per distinct symbolic expression. A model repeats a few (`⌊H/32⌋`) in thousands
 * of shapes, and each template literal builds a new rope of small string objects: shared,
 * they are made once instead of kept alive by every record. Cleared when it grows large, so a
 * long-running server does not keep every expression it ever saw.
 */
const symbols = new Map<string, string>();

function symbol(expr: string): string {
  const known = symbols.get(expr);
  if (known !== undefined) return known;
  if (symbols.size >= 20_000) symbols.clear();
  symbols.set(expr, expr);
  return expr;
}

/** `H + 4` → ['H', 4]: a top-level trailing constant of a symbolic expression. */
function splitConstant(expr: string): [string, number] | undefined {
  const match = /^(.*) ([+−]) (\d+)$/.exec(expr);
  if (!match) return undefined;
  const head = match[1]!;
  let depth = 0;
  for (const ch of head) {
    if (ch === '(' || ch === '⌊' || ch === '⌈') depth++;
    else if (ch === ')' || ch === '⌋' || ch === '⌉') depth--;
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  return [head, (match[2] === '+' ? 1 : -1) * Number(match[3])];
}

/** Symbol plus a constant, folding constants: (H + 4) − 11 → H − 7. */
function addConstant(expr: string, c: number): Dim {
  const split = splitConstant(expr);
  const [head, base] = split ?? [expr, 0];
  const total = base + c;
  if (total === 0) return symbol(head);
  return symbol(total < 0 ? `${head} − ${-total}` : `${head} + ${total}`);
}

export function dimAdd(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return a + b;
  if (b === 0) return a;
  if (a === 0) return b;
  if (isNum(b)) return addConstant(a as string, b);
  if (isNum(a)) return addConstant(b, a);
  return symbol(`${a} + ${b}`);
}

export function dimSub(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return a - b;
  if (b === 0) return a;
  if (isNum(b)) return addConstant(a as string, -b);
  if (a === b) return 0;
  return symbol(`${a} − ${wrap(b)}`);
}

export function dimMul(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  if (a === 0 || b === 0) return 0;
  return symbol(`${wrap(a)}·${wrap(b)}`);
}

export function dimFloorDiv(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return b === 0 ? '?' : Math.floor(a / b);
  if (b === 1) return a;
  return symbol(`⌊${wrap(a)}/${wrap(b)}⌋`);
}

export function dimCeilDiv(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return b === 0 ? '?' : Math.ceil(a / b);
  if (b === 1) return a;
  return symbol(`⌈${wrap(a)}/${wrap(b)}⌉`);
}

/** Product of dims: numbers folded into one factor after the symbols (`N·9216`). */
export function dimProduct(dims: readonly Dim[]): Dim {
  let numeric = 1;
  const symbols: string[] = [];
  for (const d of dims) {
    if (isNum(d)) numeric *= d;
    else symbols.push(d);
  }
  if (symbols.length === 0 || numeric === 0) return numeric;
  return [...symbols, numeric].reduce<Dim>((acc, d) => dimMul(acc, d), 1);
}

/** True when the two dims are certainly different (both known and unequal). */
export function dimsDiffer(a: Dim | undefined, b: Dim | undefined): boolean {
  return isNum(a) && isNum(b) && a !== b;
}

export function formatDim(d: Dim): string {
  return isNum(d) ? String(d) : d;
}

export function formatShape(shape: Shape | null | undefined): string {
  if (!shape) return '?';
  return `(${shape.map(formatDim).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** `256×6×6` for a product of dims. */
export function formatProduct(dims: readonly Dim[]): string {
  return dims.map((d) => (isNum(d) ? String(d) : wrap(d))).join('×');
}

/** `37,752,832` */
export function formatCount(n: number): string {
  // Hand-rolled: toLocaleString is slow enough to show up in profiles.
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return sign + out;
}

/** Normalize a possibly negative dim index against a rank, or undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}
