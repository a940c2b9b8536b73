// Dates, times and numbers in the Belgian regional format of the UI language.
import { type Language, regionalLocale } from './languages.ts';

export function formatDate(date: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(regionalLocale(language), { dateStyle: 'long', ...(timeZone ? { timeZone } : {}) }).format(date);
}

export function formatShortDate(date: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(regionalLocale(language), { day: '2-digit', month: '2-digit', year: 'numeric', ...(timeZone ? { timeZone } : {}) }).format(date);
}

export function formatTime(date: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(regionalLocale(language), { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(date);
}

export function formatWeekday(date: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(regionalLocale(language), { weekday: 'long', ...(timeZone ? { timeZone } : {}) }).format(date);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(regionalLocale(language)).format(value);
}
