import { describe, expect, it } from 'vitest';
import { guessDelimiter, parseCsvLine, previewRows, toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header then rows, CRLF-terminated, numbers plain and empty cells for null', () => {
    expect(toCsv(['currency', 'amount', 'rate'], [['EUR', 1234.5, null], ['USD', 0, 0.25]])).toBe('currency,amount,rate\r\nEUR,1234.5,\r\nUSD,0,0.25\r\n');
  });

  it('quotes fields holding a separator, a quote or a line break, and doubles the quotes', () => {
    expect(toCsv(['name'], [['Dupont, Durand & fils'], ['Le "Petit" Bistrot'], ['ligne 1\nligne 2'], ['a;b']])).toBe(
      'name\r\n"Dupont, Durand & fils"\r\n"Le ""Petit"" Bistrot"\r\n"ligne 1\nligne 2"\r\n"a;b"\r\n',
    );
  });

  it('keeps accents and leaves non-finite numbers empty', () => {
    expect(toCsv(['n', 'v'], [['Société Générale d’Électricité', Number.NaN]])).toBe('n,v\r\nSociété Générale d’Électricité,\r\n');
  });
});

describe('reading the first rows of an upload', () => {
  it('splits a line with quoted separators and doubled quotes', () => {
    expect(parseCsvLine('C1,"Dupont, SA","say ""hi""",12.50', ',')).toEqual(['C1', 'Dupont, SA', 'say "hi"', '12.50']);
  });

  it('guesses the delimiter from the header and previews at most the rows asked for', () => {
    expect(guessDelimiter('client;facture;date;montant')).toBe(';');
    const preview = previewRows('\ufeffcustomer,invoice,amount\r\nC1,F1,10\r\nC2,F2,20\r\nC3,F3,30\r\n', 2);
    expect(preview.delimiter).toBe(',');
    expect(preview.header).toEqual(['customer', 'invoice', 'amount']);
    expect(preview.rows).toEqual([
      ['C1', 'F1', '10'],
      ['C2', 'F2', '20'],
    ]);
  });
});
