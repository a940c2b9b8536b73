// Dates, times and numbers in the Belgian regional format of the UI language.
import type { i18n as I18n } from 'i18next';
import { type Language, isLanguage, regionalLocale } from './languages.ts';

export function formatDate(date: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(regionalLocale(language), { dateStyle: 'long', ...(timeZone ? { timeZone } : {}) }).format(date);
}

export function formatShortDate(date: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(regionalLocale(language), { day: '2-digit', month: '2-digit', year: 'numeric', ...(timeZone ? { timeZone } : {}) }).format(date);
}

/** "15:05"; in French as French prose writes it, "15 h 05" and "8 h 30" (non-breaking spaces), like the helpdesk hours. */
export function formatTime(date: Date, language: Language, timeZone?: string): string {
  const format = new Intl.DateTimeFormat(regionalLocale(language), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
  if (language !== 'fr') return format.format(date);
  const parts = format.formatToParts(date);
  const part = (type: 'hour' | 'minute') => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('hour'))}\u00a0h\u00a0${part('minute')}`;
}

export function formatWeekday(date: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(regionalLocale(language), { weekday: 'long', ...(timeZone ? { timeZone } : {}) }).format(date);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(regionalLocale(language)).format(value);
}

/**
 * Lets translations format values the way each language writes them: `{{count, number}}` and
 * `{{date, date}}` and `{{date, dateTime}}` (an ISO date or a time in ms, shown as a Brussels date and time, never
 * as ISO or UTC).
 * Every i18next instance that renders our texts (the UI, the diagnosis report) adds them.
 */
export function addRegionalFormatters(instance: I18n): void {
  const language = (lng: string | undefined): Language => (isLanguage(lng) ? lng : 'en');
  instance.services.formatter?.add('number', (value: unknown, lng: string | undefined) =>
    typeof value === 'number' ? formatNumber(value, language(lng)) : String(value),
  );
  const asDate = (value: unknown): Date | null => {
    const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  };
  instance.services.formatter?.add('date', (value: unknown, lng: string | undefined) => {
    const date = asDate(value);
    return date ? formatDate(date, language(lng), BRUSSELS) : String(value);
  });
  instance.services.formatter?.add('dateTime', (value: unknown, lng: string | undefined) => {
    const date = asDate(value);
    return date ? `${formatDate(date, language(lng), BRUSSELS)}, ${formatTime(date, language(lng), BRUSSELS)}` : String(value);
  });
}

/** Dates and times people read are Belgian ones, whatever the computer's or the server's time zone. */
const BRUSSELS = 'Europe/Brussels';
