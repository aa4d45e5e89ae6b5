/* Validation of literal input values as the user types, by the input's declared type (the format's literal syntax). */
import type { JsonType } from './model';

export type Lang = 'fr' | 'en';

const messages = {
  required: { fr: 'Obligatoire.', en: 'Required.' },
  number: { fr: 'Un nombre, par ex. 12 ou 12.5 (point décimal).', en: 'A number, e.g. 12 or 12.5 (decimal point).' },
  wholeNumber: { fr: 'Un nombre entier.', en: 'A whole number.' },
  moneyAmount: { fr: 'Un montant, par ex. 5000 ou 5000.50.', en: 'An amount, e.g. 5000 or 5000.50.' },
  currency: { fr: 'Une devise ISO 4217 en trois lettres majuscules (EUR, USD…).', en: 'An ISO 4217 currency: three capital letters (EUR, USD…).' },
  duration: {
    fr: 'Une durée : « 10 days », « 3 business days », « 2 weeks », « 1 month » ou ISO 8601 (PT1H).',
    en: 'A duration: "10 days", "3 business days", "2 weeks", "1 month" or ISO 8601 (PT1H).',
  },
  date: { fr: 'Une date AAAA-MM-JJ qui existe.', en: 'A date YYYY-MM-DD that exists.' },
  time: { fr: 'Une heure HH:mm (00:00 à 23:59).', en: 'A time HH:mm (00:00 to 23:59).' },
  enumValue: { fr: 'Une des valeurs proposées.', en: 'One of the values offered.' },
  json: { fr: 'Du JSON valide', en: 'Valid JSON' },
  list: { fr: 'Une liste JSON, par ex. ["A", "B"].', en: 'A JSON list, e.g. ["A", "B"].' },
  record: { fr: 'Un objet JSON.', en: 'A JSON object.' },
} as const;

export function message(key: keyof typeof messages, lang: Lang): string {
  return messages[key][lang];
}

export function isValidDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isValidDuration(text: string): boolean {
  const t = text.trim();
  return /^\d+\s+(day|days|business\s+days?|week|weeks|month|months)$/.test(t) || /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(t);
}

/** Splits "5000 EUR" into amount and currency (either may be missing while the user types). */
export function splitMoney(value: unknown): { amount: string; currency: string } {
  if (typeof value === 'string') {
    const m = /^\s*(\S*)\s*(\S*)\s*$/.exec(value);
    return { amount: m?.[1] ?? '', currency: m?.[2] ?? '' };
  }
  if (value && typeof value === 'object' && 'amount' in value) {
    const v = value as { amount: unknown; currency?: unknown };
    return { amount: String(v.amount ?? ''), currency: String(v.currency ?? '') };
  }
  return { amount: '', currency: '' };
}

export interface LiteralCheck {
  error: string | null;
}

/**
 * Checks the text the user typed for an input of this type. `inputName` lets the wait's `time` (a string in HH:mm)
 * be checked as a time. Empty text is an error only when the input is required.
 */
export function validateLiteral(type: JsonType, text: string, required: boolean, lang: Lang, options?: { allowedValues?: string[] | null; inputName?: string }): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return required ? message('required', lang) : null;
  if (options?.allowedValues && options.allowedValues.length > 0 && !options.allowedValues.includes(trimmed)) return message('enumValue', lang);
  if (typeof type === 'string') {
    switch (type) {
      case 'number':
        return /^-?\d+(\.\d+)?$/.test(trimmed) ? null : message('number', lang);
      case 'money': {
        const { amount, currency } = splitMoney(trimmed);
        if (!/^-?\d+(\.\d+)?$/.test(amount)) return message('moneyAmount', lang);
        return /^[A-Z]{3}$/.test(currency) ? null : message('currency', lang);
      }
      case 'duration':
        return isValidDuration(trimmed) ? null : message('duration', lang);
      case 'date':
        return isValidDate(trimmed) ? null : message('date', lang);
      case 'string':
        if (options?.inputName === 'time') return /^([01]\d|2[0-3]):[0-5]\d$/.test(trimmed) ? null : message('time', lang);
        return null;
      default:
        return null;
    }
  }
  if (type.kind === 'enum') return type.values.includes(trimmed) ? null : message('enumValue', lang);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (e) {
    return `${message('json', lang)}: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (type.kind === 'list') return Array.isArray(parsed) ? null : message('list', lang);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? null : message('record', lang);
}

/** The JSON value stored in the definition for the text of a valid literal. */
export function toValue(type: JsonType, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (typeof type === 'string') {
    if (type === 'number') return Number(trimmed);
    if (type === 'boolean') return trimmed === 'true';
    return trimmed;
  }
  if (type.kind === 'enum') return trimmed;
  return JSON.parse(trimmed);
}

/** The text shown in a field for a stored literal. */
export function toText(type: JsonType, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof type === 'string' && type === 'money' && typeof value === 'object') {
    const { amount, currency } = splitMoney(value);
    return `${amount} ${currency}`;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 1);
}
