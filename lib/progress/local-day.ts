/** A calendar day in some time zone, written `YYYY-MM-DD`. */
export type LocalDay = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for an IANA time zone name this runtime knows (`Europe/Paris`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset (ms) at an instant, read from Intl. */
function offsetAt(ms: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(ms))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return local - Math.floor(ms / 1000) * 1000;
}

/**
 * Offsets per zone and UTC day: a zone changes its offset at most once a day, so a day whose first
 * and last second share an offset has it throughout (null: a change happens that day).
 */
const dayOffsets = new Map<string, Map<number, number | null>>();
const MAX_CACHED_DAYS = 20_000;

function offsetFor(ms: number, timeZone: string): number {
  let offsets = dayOffsets.get(timeZone);
  if (!offsets || offsets.size > MAX_CACHED_DAYS) {
    offsets = new Map();
    dayOffsets.set(timeZone, offsets);
  }
  const day = Math.floor(ms / DAY_MS);
  let offset = offsets.get(day);
  if (offset === undefined) {
    const first = offsetAt(day * DAY_MS, timeZone);
    offset = first === offsetAt(day * DAY_MS + DAY_MS - 1000, timeZone) ? first : null;
    offsets.set(day, offset);
  }
  return offset ?? offsetAt(ms, timeZone);
}

const dayNames = new Map<number, LocalDay>();

/** The calendar day `instant` falls on in `timeZone` (daylight-saving changes included). */
export function toLocalDay(instant: Date, timeZone: string): LocalDay {
  const ms = instant.getTime();
  const day = Math.floor((ms + offsetFor(ms, timeZone)) / DAY_MS);
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < MAX_CACHED_DAYS) dayNames.set(day, name);
  }
  return name;
}

/** Whole days since 1970-01-01 for a calendar day (no time zone involved: days are days). */
export function dayNumber(day: LocalDay): number {
  const [year, month, date] = day.split('-').map(Number);
  return Math.round(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1) / 86_400_000);
}

/** The calendar day `count` days after `day` (negative for before). */
export function addDays(day: LocalDay, count: number): LocalDay {
  return new Date((dayNumber(day) + count) * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: LocalDay): number {
  return new Date(dayNumber(day) * 86_400_000).getUTCDay();
}
