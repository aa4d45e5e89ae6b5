/*
 * The engine's expression language (src/Workflows/Etrepaye.Workflows/Expressions): tokenizer, parser and type
 * checker, ported so that the designer highlights and checks as the user types. The server's validator stays the
 * authority (save draft returns its problems); this port follows Lexer.cs, Parser.cs and ExpressionTypeChecker.cs.
 */
import type { JsonType } from './model';

export type TokenKind =
  | 'number' | 'string' | 'date' | 'identifier' | 'keyword' | 'operator' | 'punctuation' | 'unit' | 'currency' | 'function' | 'error';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface Diagnostic {
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'then', 'else', 'true', 'false']);
const UNITS = new Set(['day', 'days', 'business', 'week', 'weeks', 'month', 'months']);
export const FUNCTIONS = ['min', 'max', 'today', 'endOfMonth', 'abs', 'round', 'daysBetween', 'businessDaysBetween', 'count', 'contains'];

class ExprError extends Error {
  constructor(message: string, public readonly start: number, public readonly end: number) {
    super(message);
  }
}

/** Splits the text into tokens. With `tolerant`, a bad character becomes an `error` token instead of throwing (highlighting). */
export function tokenize(text: string, tolerant = false): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: TokenKind, start: number) =>
    tokens.push({ kind, text: text.slice(start, pos), start, end: pos, line, column: start - lineStart + 1 });
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
  while (pos < text.length) {
    const c = text[pos];
    if (/\s/.test(c)) {
      if (c === '\n') {
        line++;
        lineStart = pos + 1;
      }
      pos++;
      continue;
    }
    const start = pos;
    if (isDigit(c)) {
      if (/^\d{4}-\d{2}-\d{2}/.test(text.slice(pos))) {
        pos += 10;
        push('date', start);
        continue;
      }
      while (pos < text.length && isDigit(text[pos])) pos++;
      if (text[pos] === '.' && isDigit(text[pos + 1] ?? '')) {
        pos++;
        while (pos < text.length && isDigit(text[pos])) pos++;
      }
      push('number', start);
      continue;
    }
    if (isLetter(c)) {
      while (pos < text.length && (isLetter(text[pos]) || isDigit(text[pos]))) pos++;
      const word = text.slice(start, pos);
      const previous = tokens[tokens.length - 1];
      const afterNumber = previous && (previous.kind === 'number' || (previous.kind === 'unit' && previous.text === 'business'));
      if (KEYWORDS.has(word)) push('keyword', start);
      else if (afterNumber && /^[A-Z]{3}$/.test(word)) push('currency', start);
      else if (afterNumber && UNITS.has(word)) push('unit', start);
      else if (text.slice(pos).trimStart().startsWith('(') && FUNCTIONS.includes(word)) push('function', start);
      else push('identifier', start);
      continue;
    }
    if (c === '"') {
      pos++;
      let closed = false;
      while (pos < text.length && text[pos] !== '\n') {
        if (text[pos] === '\\') {
          const escaped = text[pos + 1];
          if (!tolerant && !['"', '\\', 'n', 't'].includes(escaped ?? '')) throw new ExprError(`unknown escape '\\${escaped ?? ''}'`, pos, pos + 2);
          pos += 2;
          continue;
        }
        if (text[pos++] === '"') {
          closed = true;
          break;
        }
      }
      if (!closed) {
        if (!tolerant) throw new ExprError('unterminated string: a string ends with \'"\' on the same line', start, pos);
        push('error', start);
        continue;
      }
      push('string', start);
      continue;
    }
    const two = text.slice(pos, pos + 2);
    if (['<=', '>=', '==', '!='].includes(two)) {
      pos += 2;
      push('operator', start);
      continue;
    }
    if ('+-*/<>'.includes(c)) {
      pos++;
      push('operator', start);
      continue;
    }
    if ('()[],.'.includes(c)) {
      pos++;
      push('punctuation', start);
      continue;
    }
    pos++;
    if (!tolerant) {
      const message =
        c === '=' ? "'=' is not an operator: compare with '=='"
        : c === '&' || c === '|' ? `'${c}' is not an operator: use 'and' / 'or'`
        : c === '!' ? "'!' is not an operator: use 'not' or '!='"
        : `unexpected character '${c}'`;
      throw new ExprError(message, start, pos);
    }
    push('error', start);
  }
  return tokens;
}

// ---- syntax tree ---------------------------------------------------------------------------------------------

type Node =
  | { k: 'lit'; type: T; value: unknown; start: number; end: number }
  | { k: 'var'; name: string; start: number; end: number }
  | { k: 'member'; target: Node; name: string; start: number; end: number }
  | { k: 'unary'; op: 'not' | '-'; operand: Node; start: number; end: number }
  | { k: 'binary'; op: string; left: Node; right: Node; start: number; end: number }
  | { k: 'if'; cond: Node; then: Node; else: Node; start: number; end: number }
  | { k: 'call'; name: string; args: Node[]; start: number; end: number }
  | { k: 'list'; items: Node[]; start: number; end: number };

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[], private readonly length: number) {}

  private get cur(): Token | undefined {
    return this.tokens[this.i];
  }
  private is(kind: TokenKind, text?: string): boolean {
    const t = this.cur;
    return !!t && t.kind === kind && (text === undefined || t.text === text);
  }
  private fail(message: string): never {
    const t = this.cur;
    throw new ExprError(message, t ? t.start : this.length, t ? t.end : this.length);
  }
  private expect(text: string, what: string): Token {
    if (this.cur?.text !== text) this.fail(`expected ${what}${this.cur ? ` but found '${this.cur.text}'` : ' but the expression ended'}`);
    return this.tokens[this.i++];
  }

  parseAll(): Node {
    if (this.tokens.length === 0) throw new ExprError('the expression is empty', 0, 0);
    const node = this.expr();
    if (this.cur) this.fail(`unexpected '${this.cur.text}'`);
    return node;
  }

  private expr(): Node {
    if (++this.depth > 64) this.fail('the expression nests too deeply');
    try {
      if (this.is('keyword', 'if')) {
        const start = this.tokens[this.i++].start;
        const cond = this.expr();
        this.expect('then', "'then'");
        const then = this.expr();
        this.expect('else', "'else'");
        const otherwise = this.expr();
        return { k: 'if', cond, then, else: otherwise, start, end: otherwise.end };
      }
      return this.or();
    } finally {
      this.depth--;
    }
  }
  private or(): Node {
    let left = this.and();
    while (this.is('keyword', 'or')) {
      this.i++;
      const right = this.and();
      left = { k: 'binary', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private and(): Node {
    let left = this.not();
    while (this.is('keyword', 'and')) {
      this.i++;
      const right = this.not();
      left = { k: 'binary', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private not(): Node {
    if (this.is('keyword', 'not')) {
      const start = this.tokens[this.i++].start;
      const operand = this.not();
      return { k: 'unary', op: 'not', operand, start, end: operand.end };
    }
    return this.comparison();
  }
  private comparison(): Node {
    const left = this.additive();
    const op = this.cur;
    if (op && op.kind === 'operator' && ['==', '!=', '<', '<=', '>', '>='].includes(op.text)) {
      this.i++;
      const right = this.additive();
      const next = this.cur;
      if (next && next.kind === 'operator' && ['==', '!=', '<', '<=', '>', '>='].includes(next.text)) {
        this.fail('comparisons do not chain: use \'and\'');
      }
      return { k: 'binary', op: op.text, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private additive(): Node {
    let left = this.multiplicative();
    while (this.cur?.kind === 'operator' && (this.cur.text === '+' || this.cur.text === '-')) {
      const op = this.tokens[this.i++].text;
      const right = this.multiplicative();
      left = { k: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private multiplicative(): Node {
    let left = this.unary();
    while (this.cur?.kind === 'operator' && (this.cur.text === '*' || this.cur.text === '/')) {
      const op = this.tokens[this.i++].text;
      const right = this.unary();
      left = { k: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  private unary(): Node {
    if (this.cur?.kind === 'operator' && this.cur.text === '-') {
      const start = this.tokens[this.i++].start;
      const operand = this.unary();
      return { k: 'unary', op: '-', operand, start, end: operand.end };
    }
    return this.postfix();
  }
  private postfix(): Node {
    let node = this.primary();
    while (this.is('punctuation', '.')) {
      this.i++;
      const name = this.cur;
      if (!name || (name.kind !== 'identifier' && name.kind !== 'unit' && name.kind !== 'function')) this.fail("expected a field name after '.'");
      this.i++;
      node = { k: 'member', target: node, name: name.text, start: node.start, end: name.end };
    }
    return node;
  }
  private primary(): Node {
    const t = this.cur;
    if (!t) this.fail('the expression ends too early');
    switch (t.kind) {
      case 'number':
        this.i++;
        return this.numberSuffix(t);
      case 'string':
        this.i++;
        return { k: 'lit', type: { kind: 'string' }, value: unescape(t.text), start: t.start, end: t.end };
      case 'date':
        this.i++;
        if (Number.isNaN(Date.parse(t.text))) throw new ExprError(`'${t.text}' is not a valid date`, t.start, t.end);
        return { k: 'lit', type: { kind: 'date' }, value: t.text, start: t.start, end: t.end };
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') {
          this.i++;
          return { k: 'lit', type: { kind: 'boolean' }, value: t.text === 'true', start: t.start, end: t.end };
        }
        this.fail(`unexpected '${t.text}'`);
      // eslint-disable-next-line no-fallthrough
      case 'identifier':
      case 'function':
      case 'unit':
      case 'currency': {
        this.i++;
        if (this.is('punctuation', '(')) {
          this.i++;
          const args: Node[] = [];
          if (!this.is('punctuation', ')')) {
            args.push(this.expr());
            while (this.is('punctuation', ',')) {
              this.i++;
              args.push(this.expr());
            }
          }
          const close = this.expect(')', "')'");
          return { k: 'call', name: t.text, args, start: t.start, end: close.end };
        }
        return { k: 'var', name: t.text, start: t.start, end: t.end };
      }
      case 'punctuation':
        if (t.text === '(') {
          this.i++;
          const inner = this.expr();
          this.expect(')', "')'");
          return inner;
        }
        if (t.text === '[') {
          this.i++;
          const items = [this.expr()];
          while (this.is('punctuation', ',')) {
            this.i++;
            items.push(this.expr());
          }
          const close = this.expect(']', "']'");
          return { k: 'list', items, start: t.start, end: close.end };
        }
        this.fail(`unexpected '${t.text}'`);
      // eslint-disable-next-line no-fallthrough
      default:
        this.fail(`unexpected '${t.text}'`);
    }
  }
  private numberSuffix(number: Token): Node {
    const next = this.cur;
    const amount = Number(number.text);
    if (next && next.kind === 'currency') {
      this.i++;
      return { k: 'lit', type: { kind: 'money' }, value: { amount, currency: next.text }, start: number.start, end: next.end };
    }
    if (next && next.kind === 'unit') {
      this.i++;
      let end = next.end;
      let unit = next.text;
      if (next.text === 'business') {
        if (!this.cur || (this.cur.text !== 'day' && this.cur.text !== 'days')) this.fail("expected 'days' after 'business'");
        end = this.tokens[this.i++].end;
        unit = 'business days';
      }
      if (!Number.isInteger(amount)) throw new ExprError('a duration is a whole number of days, business days, weeks or months', number.start, number.end);
      return { k: 'lit', type: { kind: 'duration' }, value: { amount, unit }, start: number.start, end };
    }
    return { k: 'lit', type: { kind: 'number' }, value: amount, start: number.start, end: number.end };
  }
}

function unescape(literal: string): string {
  return literal.slice(1, -1).replace(/\\(["\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

// ---- types ---------------------------------------------------------------------------------------------------

export type T =
  | { kind: 'string' | 'number' | 'boolean' | 'date' | 'money' | 'duration' | 'any' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'list'; of: T }
  | { kind: 'map'; of: T }
  | { kind: 'record'; fields: { name: string; type: T }[] };

export function fromJson(type: JsonType | undefined | null): T {
  if (type == null) return { kind: 'any' };
  if (typeof type === 'string') {
    return ['string', 'number', 'boolean', 'date', 'money', 'duration'].includes(type) ? ({ kind: type } as T) : { kind: 'any' };
  }
  switch (type.kind) {
    case 'enum':
      return { kind: 'enum', values: type.values };
    case 'list':
      return { kind: 'list', of: fromJson(type.of) };
    case 'map':
      return { kind: 'map', of: fromJson(type.of) };
    case 'record':
      return { kind: 'record', fields: type.fields.map((f) => ({ name: f.name, type: fromJson(f.type) })) };
  }
}

export function show(t: T): string {
  switch (t.kind) {
    case 'enum':
      return `enum(${t.values.join(', ')})`;
    case 'list':
      return `list of ${show(t.of)}`;
    case 'map':
      return `map of ${show(t.of)}`;
    case 'record':
      return `{${t.fields.map((f) => `${f.name}: ${show(f.type)}`).join(', ')}}`;
    default:
      return t.kind;
  }
}

const PRIMITIVES = new Set(['string', 'number', 'boolean', 'date', 'money', 'duration']);
const ORDERED = new Set(['number', 'money', 'date', 'duration', 'string', 'enum']);

export function assignable(target: T, source: T): boolean {
  if (target.kind === 'any' || source.kind === 'any') return true;
  switch (target.kind) {
    case 'string':
      return source.kind === 'string' || source.kind === 'enum';
    case 'enum':
      return source.kind === 'enum' && source.values.every((v) => target.values.includes(v));
    case 'list':
      return source.kind === 'list' && assignable(target.of, source.of);
    case 'map':
      return (source.kind === 'map' && assignable(target.of, source.of)) || (source.kind === 'record' && source.fields.every((f) => assignable(target.of, f.type)));
    case 'record':
      return source.kind === 'record' && target.fields.every((f) => {
        const s = source.fields.find((x) => x.name === f.name);
        return !!s && assignable(f.type, s.type);
      });
    default:
      return target.kind === source.kind;
  }
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      current[j] = Math.min(current[j - 1] + 1, previous[j] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

function suggest(name: string, candidates: string[]): string | undefined {
  return candidates
    .map((c) => ({ c, d: levenshtein(name, c) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(name.length / 3)))
    .sort((x, y) => x.d - y.d)[0]?.c;
}

const NUMBER: T = { kind: 'number' };
const BOOLEAN: T = { kind: 'boolean' };
const ANY: T = { kind: 'any' };

class Checker {
  diagnostics: { message: string; start: number; end: number }[] = [];
  constructor(private readonly scope: Record<string, T>) {}

  private error(node: { start: number; end: number }, message: string): null {
    this.diagnostics.push({ message, start: node.start, end: node.end });
    return null;
  }

  infer(node: Node): T | null {
    switch (node.k) {
      case 'lit':
        return node.type;
      case 'var': {
        const t = this.scope[node.name];
        if (t) return t;
        const s = suggest(node.name, Object.keys(this.scope));
        return this.error(node, `unknown variable '${node.name}'${s ? `: did you mean '${s}'?` : ''}`);
      }
      case 'member': {
        const target = this.infer(node.target);
        if (!target) return null;
        if (target.kind === 'any') return ANY;
        if (target.kind === 'money' && node.name === 'amount') return NUMBER;
        if (target.kind === 'money' && node.name === 'currency') return { kind: 'string' };
        if (target.kind === 'map') return target.of;
        if (target.kind === 'record') {
          const field = target.fields.find((f) => f.name === node.name);
          if (field) return field.type;
          const s = suggest(node.name, target.fields.map((f) => f.name));
          return this.error(node, `${show(target)} has no field '${node.name}'${s ? `: did you mean '${s}'?` : ''}`);
        }
        return this.error(node, `a ${show(target)} has no fields ('${node.name}')`);
      }
      case 'unary': {
        const operand = this.infer(node.operand);
        if (!operand) return null;
        if (node.op === 'not') return operand.kind === 'boolean' || operand.kind === 'any' ? BOOLEAN : this.error(node, `'not' needs a boolean, not ${show(operand)}`);
        return ['number', 'money', 'duration', 'any'].includes(operand.kind) ? operand : this.error(node, `'-' cannot negate ${show(operand)}`);
      }
      case 'if': {
        const cond = this.infer(node.cond);
        const a = this.infer(node.then);
        const b = this.infer(node.else);
        if (cond && cond.kind !== 'boolean' && cond.kind !== 'any') this.error(node.cond, `the condition of 'if' must be boolean, not ${show(cond)}`);
        if (!a || !b) return null;
        if (assignable(a, b)) return a;
        if (assignable(b, a)) return b;
        if ((a.kind === 'string' || a.kind === 'enum') && (b.kind === 'string' || b.kind === 'enum')) return { kind: 'string' };
        return this.error(node, `'then' gives ${show(a)} but 'else' gives ${show(b)}`);
      }
      case 'list': {
        const types = node.items.map((i) => this.infer(i));
        if (types.some((t) => !t)) return null;
        let element = types[0]!;
        for (let i = 1; i < types.length; i++) {
          if (assignable(element, types[i]!)) continue;
          if (assignable(types[i]!, element)) {
            element = types[i]!;
            continue;
          }
          return this.error(node.items[i], `list items must share a type: ${show(element)} and ${show(types[i]!)}`);
        }
        return { kind: 'list', of: element };
      }
      case 'call':
        return this.call(node);
      case 'binary':
        return this.binary(node);
    }
  }

  private call(node: Extract<Node, { k: 'call' }>): T | null {
    const args = node.args.map((a) => this.infer(a));
    if (args.some((a) => !a)) return null;
    const a = args as T[];
    const is = (...kinds: string[]) => a.length === kinds.length && a.every((t, i) => t.kind === kinds[i] || t.kind === 'any');
    let result: T | null = null;
    let usage = '';
    switch (node.name) {
      case 'min':
      case 'max':
        usage = `${node.name}(a, b, ...) of numbers, money, dates or durations`;
        if (a.length >= 2 && ['number', 'money', 'date', 'duration'].includes(a[0].kind) && a.every((t) => t.kind === a[0].kind || t.kind === 'any')) result = a[0];
        else if (a.length >= 2 && a.every((t) => t.kind === 'any')) result = ANY;
        break;
      case 'today':
        usage = 'today()';
        if (a.length === 0) result = { kind: 'date' };
        break;
      case 'endOfMonth':
        usage = 'endOfMonth(date)';
        if (is('date')) result = { kind: 'date' };
        break;
      case 'abs':
        usage = 'abs(number | money | duration)';
        if (a.length === 1 && ['number', 'money', 'duration', 'any'].includes(a[0].kind)) result = a[0];
        break;
      case 'round':
        usage = 'round(number [, decimals]) or round(money [, decimals])';
        if ((a.length === 1 || (a.length === 2 && (a[1].kind === 'number' || a[1].kind === 'any'))) && ['number', 'money', 'any'].includes(a[0].kind)) result = a[0];
        break;
      case 'daysBetween':
      case 'businessDaysBetween':
        usage = `${node.name}(from: date, to: date)`;
        if (is('date', 'date')) result = NUMBER;
        break;
      case 'count':
        usage = 'count(list)';
        if (a.length === 1 && (a[0].kind === 'list' || a[0].kind === 'any')) result = NUMBER;
        break;
      case 'contains':
        usage = 'contains(list, item) or contains(text, part)';
        if (a.length === 2 && (a[0].kind === 'list' || a[0].kind === 'any' || ((a[0].kind === 'string' || a[0].kind === 'enum') && (a[1].kind === 'string' || a[1].kind === 'enum' || a[1].kind === 'any')))) result = BOOLEAN;
        break;
      default: {
        const s = suggest(node.name, FUNCTIONS);
        return this.error(node, `unknown function '${node.name}'${s ? `: did you mean '${s}'?` : ''}`);
      }
    }
    return result ?? this.error(node, `wrong arguments (${a.map(show).join(', ')}): ${usage}`);
  }

  private binary(node: Extract<Node, { k: 'binary' }>): T | null {
    const left = this.infer(node.left);
    const right = this.infer(node.right);
    if (!left || !right) return null;
    const op = node.op;
    const any = left.kind === 'any' || right.kind === 'any';
    if (op === 'and' || op === 'or') {
      return (left.kind === 'boolean' || left.kind === 'any') && (right.kind === 'boolean' || right.kind === 'any')
        ? BOOLEAN
        : this.error(node, `'${op}' needs booleans, not ${show(left)} and ${show(right)}`);
    }
    const comparable = (l: T, r: T) =>
      ((l.kind === 'string' || l.kind === 'enum') && (r.kind === 'string' || r.kind === 'enum')) || (PRIMITIVES.has(l.kind) && l.kind === r.kind);
    if (op === '==' || op === '!=') {
      if (left.kind === 'enum' && node.right.k === 'lit' && typeof node.right.value === 'string' && !left.values.includes(node.right.value)) {
        return this.error(node.right, `"${node.right.value}" is not a value of ${show(left)}`);
      }
      if (right.kind === 'enum' && node.left.k === 'lit' && typeof node.left.value === 'string' && !right.values.includes(node.left.value)) {
        return this.error(node.left, `"${node.left.value}" is not a value of ${show(right)}`);
      }
      return assignable(left, right) || assignable(right, left) || comparable(left, right)
        ? BOOLEAN
        : this.error(node, `cannot compare ${show(left)} ${op} ${show(right)}: they are different types`);
    }
    if (['<', '<=', '>', '>='].includes(op)) {
      if (any) return BOOLEAN;
      return ORDERED.has(left.kind) && comparable(left, right) ? BOOLEAN : this.error(node, `cannot compare ${show(left)} ${op} ${show(right)}`);
    }
    if (any) return ANY;
    const l = left.kind;
    const r = right.kind;
    if (node.left.k === 'lit' && node.right.k === 'lit' && l === 'money' && r === 'money' && op !== '*') {
      const a = node.left.value as { currency: string };
      const b = node.right.value as { currency: string };
      if (a.currency !== b.currency) return this.error(node, `cannot combine ${a.currency} and ${b.currency}: convert explicitly first`);
    }
    const pair = `${l},${r}`;
    const table: Record<string, Record<string, string>> = {
      '+': { 'number,number': 'number', 'money,money': 'money', 'date,duration': 'date', 'duration,date': 'date', 'duration,duration': 'duration', 'string,string': 'string', 'string,enum': 'string', 'enum,string': 'string', 'enum,enum': 'string' },
      '-': { 'number,number': 'number', 'money,money': 'money', 'date,duration': 'date', 'date,date': 'duration', 'duration,duration': 'duration' },
      '*': { 'number,number': 'number', 'money,number': 'money', 'number,money': 'money', 'duration,number': 'duration', 'number,duration': 'duration' },
      '/': { 'number,number': 'number', 'money,number': 'money', 'money,money': 'number' },
    };
    const result = table[op]?.[pair];
    if (result) return { kind: result } as T;
    const hint =
      op === '*' && pair === 'money,money' ? ': money can only be multiplied by a number'
      : (op === '+' || op === '-') && (pair === 'money,number' || pair === 'number,money') ? ': write the amount with its currency, e.g. 100 EUR'
      : (op === '+' || op === '-') && pair === 'date,number' ? ': add a duration, e.g. 10 days or 10 business days'
      : '';
    return this.error(node, `cannot apply '${op}' to ${show(left)} and ${show(right)}${hint}`);
  }
}

export interface CheckResult {
  type: T | null;
  diagnostics: Diagnostic[];
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses and type-checks an expression against the procedure's inputs and variables, like ExpressionCompiler.Compile. */
export function checkExpression(text: string, scope: Record<string, T>, expected?: T): CheckResult {
  const withPosition = (d: { message: string; start: number; end: number }): Diagnostic => ({ ...d, ...position(text, d.start) });
  if (text.length > 4000) return { type: null, diagnostics: [withPosition({ message: 'the expression is longer than 4,000 characters', start: 0, end: 0 })] };
  let root: Node;
  try {
    root = new Parser(tokenize(text), text.length).parseAll();
  } catch (e) {
    if (e instanceof ExprError) return { type: null, diagnostics: [withPosition({ message: e.message, start: e.start, end: e.end })] };
    throw e;
  }
  const checker = new Checker(scope);
  const type = checker.infer(root);
  if (type && expected && expected.kind !== 'any' && !fitsExpected(expected, root, type)) {
    checker.diagnostics.push({ message: `expected ${show(expected)} but the expression is ${show(type)}`, start: leftmost(root).start, end: leftmost(root).end });
  }
  return { type: checker.diagnostics.length === 0 ? type : null, diagnostics: checker.diagnostics.map(withPosition) };
}

function fitsExpected(expected: T, node: Node, actual: T): boolean {
  return assignable(expected, actual) || (expected.kind === 'enum' && node.k === 'lit' && typeof node.value === 'string' && expected.values.includes(node.value));
}

function leftmost(node: Node): Node {
  return node.k === 'binary' ? leftmost(node.left) : node.k === 'member' ? leftmost(node.target) : node;
}

/** The names an expression may read: the procedure's inputs and variables (one namespace), plus `event` in handler conditions. */
export function scopeOf(declarations: { name: string; type: JsonType }[], eventPayload?: JsonType | null): Record<string, T> {
  const scope: Record<string, T> = {};
  for (const d of declarations) scope[d.name] = fromJson(d.type);
  if (eventPayload !== undefined) scope.event = fromJson(eventPayload ?? undefined);
  return scope;
}
