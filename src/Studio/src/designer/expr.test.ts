import { describe, expect, it } from 'vitest';
import { checkExpression, scopeOf, tokenize } from './expr';

const scope = scopeOf([
  { name: 'invoice', type: { kind: 'record', fields: [{ name: 'id', type: 'string' }, { name: 'dueDate', type: 'date' }, { name: 'amount', type: 'money' }] } },
  { name: 'segment', type: { kind: 'enum', values: ['SME', 'Large'] } },
  { name: 'reminders', type: 'number' },
]);

describe('tokenize', () => {
  it('classifies keywords, units, currencies, dates, functions and strings', () => {
    const kinds = tokenize('if today() > 2025-04-18 and x == "a" then 3 business days else 5000 EUR').map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      'keyword:if', 'function:today', 'punctuation:(', 'punctuation:)', 'operator:>', 'date:2025-04-18', 'keyword:and', 'identifier:x',
      'operator:==', 'string:"a"', 'keyword:then', 'number:3', 'unit:business', 'unit:days', 'keyword:else', 'number:5000', 'currency:EUR',
    ]);
  });

  it('reports a lone = like the engine', () => {
    expect(checkExpression('reminders = 2', scope).diagnostics[0].message).toBe("'=' is not an operator: compare with '=='");
  });
});

describe('checkExpression', () => {
  it('types a due date plus business days as a date', () => {
    const result = checkExpression('invoice.dueDate + 3 business days', scope, { kind: 'date' });
    expect(result.diagnostics).toEqual([]);
    expect(result.type).toEqual({ kind: 'date' });
  });

  it('accepts a boolean condition over money and an enum', () => {
    expect(checkExpression('invoice.amount > 5000 EUR or segment == "Large"', scope, { kind: 'boolean' }).diagnostics).toEqual([]);
  });

  it('suggests the variable meant by a misspelled name, with its line and column', () => {
    const [d] = checkExpression('reminder >= 2', scope).diagnostics;
    expect(d.message).toBe("unknown variable 'reminder': did you mean 'reminders'?");
    expect([d.line, d.column]).toEqual([1, 1]);
  });

  it('suggests a misspelled field of a record', () => {
    expect(checkExpression('invoice.dueDat', scope).diagnostics[0].message).toContain("did you mean 'dueDate'?");
  });

  it('refuses money plus a bare number with the hint to write the currency', () => {
    expect(checkExpression('invoice.amount + 100', scope).diagnostics[0].message).toBe(
      "cannot apply '+' to money and number: write the amount with its currency, e.g. 100 EUR",
    );
  });

  it('refuses an enum compared with a value it does not have', () => {
    expect(checkExpression('segment == "Huge"', scope).diagnostics[0].message).toBe('"Huge" is not a value of enum(SME, Large)');
  });

  it('refuses an expression of the wrong type for the input', () => {
    expect(checkExpression('reminders + 1', scope, { kind: 'boolean' }).diagnostics[0].message).toBe('expected boolean but the expression is number');
  });

  it('refuses chained comparisons and mixed literal currencies', () => {
    expect(checkExpression('1 < 2 < 3', scope).diagnostics[0].message).toContain('do not chain');
    expect(checkExpression('5 EUR + 5 USD', scope).diagnostics[0].message).toBe('cannot combine EUR and USD: convert explicitly first');
  });

  it('checks function arguments and names', () => {
    expect(checkExpression('min(invoice.amount, 1000 EUR) * 0.05', scope, { kind: 'money' }).diagnostics).toEqual([]);
    expect(checkExpression('daysBetween(invoice.dueDate, 3)', scope).diagnostics[0].message).toContain('daysBetween(from: date, to: date)');
    expect(checkExpression('tody()', scope).diagnostics[0].message).toBe("unknown function 'tody': did you mean 'today'?");
  });

  it('gives the line and column of an error on a later line', () => {
    const [d] = checkExpression('if reminders >= 2\nthen 15 days\nelse "x"', scope).diagnostics;
    expect(d.message).toBe("'then' gives duration but 'else' gives string");
    expect(d.line).toBe(1);
    const [unterminated] = checkExpression('reminders > 1 and\n"open', scope).diagnostics;
    expect([unterminated.line, unterminated.column]).toEqual([2, 1]);
  });

  it('knows event in a handler condition', () => {
    const handlerScope = scopeOf([{ name: 'invoice', type: { kind: 'record', fields: [{ name: 'amount', type: 'money' }] } }], { kind: 'record', fields: [{ name: 'amount', type: 'money' }] });
    expect(checkExpression('event.amount >= invoice.amount', handlerScope, { kind: 'boolean' }).diagnostics).toEqual([]);
  });
});
