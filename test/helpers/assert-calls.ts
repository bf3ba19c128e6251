// Finds the truthiness asserts — `assert(x)` and `assert.ok(x)` — in TypeScript source and counts their arguments.
// Why: on Node 20, a failing truthiness assert without a message makes Node build one by re-reading the test's
// source, and with tsx's transformed positions that search practically never ends on a long file — the test hangs
// instead of failing. Every such call therefore carries a message; test/architecture.test.ts enforces it with this.
//
// A small lexer, enough for this codebase: it skips comments, '…' and "…" strings, template literals (including
// `${…}` holes, nested) and regular-expression literals, and matches (), [] and {} so that a comma inside a nested
// call, array, object or arrow body is not taken for an argument separator. Not handled: commas inside generic type
// arguments (`f<A, B>(x)`) would be counted as separators — no assert argument in this codebase contains one.

export interface AssertCall {
  /** `assert` or `assert.ok` */
  callee: string;
  /** 1-based line and column of the callee */
  line: number;
  column: number;
  /** number of top-level arguments (a trailing comma does not add one) */
  args: number;
  /** the call's source text, for messages */
  text: string;
}

const IDENT = /[A-Za-z0-9_$]/;
// After these words a `/` starts a regular expression, not a division.
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

interface Token {
  kind: 'word' | 'punct';
  value: string;
  start: number;
  end: number;
}

/** Tokens outside comments, strings, template text and regex literals: words and single punctuation characters. */
function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  // One entry per open `${` hole of a template literal: the brace depth at which the hole closes.
  const templateHoles: number[] = [];
  let braceDepth = 0;
  let i = 0;

  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === 'word') return REGEX_AFTER_WORD.has(prev.value);
    return !(prev.value === ')' || prev.value === ']' || prev.value === '}');
  };

  // Skips template text from i (just after the opening backtick or a hole's closing brace) to the closing backtick
  // or the next `${`, which opens a hole.
  const skipTemplateText = (): void => {
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') { i += 2; continue; }
      if (c === '`') { i++; return; }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        braceDepth++;
        templateHoles.push(braceDepth);
        tokens.push({ kind: 'punct', value: '(', start: i - 1, end: i }); // a hole is an expression: treat as a group
        return;
      }
      i++;
    }
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      i = close < 0 ? src.length : close + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i++;
      tokens.push({ kind: 'word', value: '"string"', start, end: i });
      continue;
    }
    if (c === '`') {
      tokens.push({ kind: 'word', value: '"template"', start: i, end: i + 1 });
      i++;
      skipTemplateText();
      continue;
    }
    if (c === '/' && regexAllowed()) {
      const start = i++;
      let inClass = false;
      while (i < src.length && src[i] !== '\n') {
        const r = src[i]!;
        if (r === '\\') { i += 2; continue; }
        if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < src.length && IDENT.test(src[i]!)) i++; // flags
      tokens.push({ kind: 'word', value: '/regex/', start, end: i });
      continue;
    }
    if (IDENT.test(c)) {
      const start = i;
      while (i < src.length && IDENT.test(src[i]!)) i++;
      tokens.push({ kind: 'word', value: src.slice(start, i), start, end: i });
      continue;
    }
    if (c === '{') braceDepth++;
    if (c === '}') {
      if (templateHoles.length > 0 && templateHoles[templateHoles.length - 1] === braceDepth) {
        // The hole closes: back into the template's text.
        templateHoles.pop();
        braceDepth--;
        tokens.push({ kind: 'punct', value: ')', start: i, end: i + 1 });
        i++;
        skipTemplateText();
        continue;
      }
      braceDepth--;
    }
    tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Every `assert(…)` and `assert.ok(…)` call in src, with its number of top-level arguments. */
export function findAssertCalls(src: string): AssertCall[] {
  const tokens = tokenize(src);
  const calls: AssertCall[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.kind !== 'word' || tok.value !== 'assert') continue;
    if (tokens[t - 1]?.value === '.') continue; // someone else's `.assert`
    let open = t + 1;
    let callee = 'assert';
    if (tokens[open]?.value === '.' && tokens[open + 1]?.value === 'ok') {
      open += 2;
      callee = 'assert.ok';
    }
    if (tokens[open]?.value !== '(') continue;

    // Walk to the matching `)`, counting non-empty top-level argument segments.
    const stack: string[] = [];
    let args = 0;
    let segmentHasContent = false;
    let end = open;
    for (let k = open; k < tokens.length; k++) {
      const v = tokens[k]!.value;
      if (tokens[k]!.kind === 'punct' && v in OPEN) {
        if (stack.length === 1) segmentHasContent = true;
        stack.push(OPEN[v]!);
        continue;
      }
      if (tokens[k]!.kind === 'punct' && (v === ')' || v === ']' || v === '}')) {
        stack.pop();
        if (stack.length === 0) { end = k; break; }
        continue;
      }
      if (stack.length === 1 && v === ',') {
        if (segmentHasContent) args++;
        segmentHasContent = false;
        continue;
      }
      if (stack.length === 1) segmentHasContent = true;
    }
    if (segmentHasContent) args++;

    const before = src.slice(0, tok.start);
    const line = before.split('\n').length;
    const column = tok.start - before.lastIndexOf('\n');
    calls.push({ callee, line, column, args, text: src.slice(tok.start, tokens[end]!.end) });
  }
  return calls;
}
