/**
 * Builds data/tickets.csv: customer-support tickets of an online electronics shop, each routed to
 * one of four teams (billing, technical, account, shipping). Generated (no real customers): each
 * ticket is a subject and a body assembled from phrase banks per team, plus greetings, sign-offs and
 * filler shared by every team, with product names, order numbers and amounts filled in. Some
 * phrases are shared between teams ("my order", "the app"), so no single word gives the team away.
 * Tickets from January to April 2024 are `train`; May 2024 tickets are `serve` (what the router
 * will see next).
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/feature-engineering/select-tokens-by-mutual-information/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 20_240_601;
const TICKETS = 1_000;
const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;

const PRODUCTS = ['Aero X2 headphones', 'Nimbus 14 laptop', 'Pulse smartwatch', 'Orbit speaker', 'Vega tablet', 'Zen router', 'Lumen desk lamp', 'Atlas phone case'];
const order = () => `#${100000 + Math.floor(random() * 900000)}`;
const amount = () => `$${(10 + random() * 490).toFixed(2)}`;
const days = () => String(2 + Math.floor(random() * 12));

const SUBJECTS: Record<string, (() => string)[]> = {
  billing: [() => 'Charged twice', () => `Refund for order ${order()}`, () => 'Invoice question', () => 'Wrong amount on my card', () => 'Payment failed but money taken', () => 'Need a VAT invoice', () => 'Cancel subscription and refund'],
  technical: [() => `${pick(PRODUCTS)} keeps crashing`, () => 'App crashes on startup', () => 'Bluetooth will not pair', () => 'Firmware update failed', () => `${pick(PRODUCTS)} not charging`, () => 'Error code after update', () => 'Screen flickers'],
  account: [() => 'Cannot log in', () => 'Password reset link expired', () => 'Change the email on my account', () => 'Two-factor code never arrives', () => 'Delete my account', () => 'Account locked', () => 'Username already taken'],
  shipping: [() => `Where is my order ${order()}?`, () => 'Package not delivered', () => 'Tracking not updating', () => 'Wrong address on delivery', () => 'Parcel arrived damaged', () => 'Delivery delayed', () => 'Courier left package outside'],
};

const BODIES: Record<string, (() => string)[]> = {
  billing: [
    () => `I was charged ${amount()} twice for the same order. Please refund the duplicate payment.`,
    () => `My card statement shows ${amount()} but the invoice says ${amount()}.`,
    () => `I returned the ${pick(PRODUCTS)} ${days()} days ago and still have no refund.`,
    () => 'The payment failed at checkout but the money left my bank account.',
    () => 'Could you send me an invoice with our company VAT number for the accounts team?',
    () => 'I cancelled my subscription but you billed me again this month.',
    () => `Please explain the extra charge of ${amount()} on my credit card.`,
  ],
  technical: [
    () => `My ${pick(PRODUCTS)} crashes every time I open the app.`,
    () => 'After the latest firmware update it shows error code E42 and restarts.',
    () => `The ${pick(PRODUCTS)} will not pair over bluetooth with my phone.`,
    () => 'The battery drains in an hour and the device gets hot while charging.',
    () => 'I reinstalled the app and reset the device but the error is still there.',
    () => 'The screen flickers and then goes black after a few minutes.',
    () => 'The settings page freezes when I try to connect to wifi.',
  ],
  account: [
    () => 'I cannot log in, it says my password is incorrect even after a reset.',
    () => 'The password reset link in the email has expired twice already.',
    () => 'Please change the email address on my account, I no longer use the old one.',
    () => 'The two-factor verification code never arrives by sms.',
    () => 'Please delete my account and all my personal data.',
    () => 'My account was locked after too many login attempts.',
    () => 'I want to merge my two accounts and keep my order history.',
  ],
  shipping: [
    () => `My order ${order()} was supposed to arrive ${days()} days ago.`,
    () => 'The tracking number shows no update since the parcel left the warehouse.',
    () => 'The courier marked the package as delivered but I never received it.',
    () => `The box was damaged in transit and the ${pick(PRODUCTS)} inside is broken.`,
    () => 'I entered the wrong delivery address, can you redirect the parcel?',
    () => 'The delivery was delayed again, when will my order arrive?',
    () => 'The driver left the package outside in the rain.',
  ],
};

const GREETINGS = ['Hi,', 'Hello,', 'Hi team,', 'Dear support,', 'Hello there,', ''];
const FILLER = [
  'This is really frustrating.',
  'I have been a customer for years.',
  'Please help as soon as possible.',
  'I already contacted you last week.',
  'My order number is in the subject.',
  'I use the app on my phone.',
  'Can you look into this?',
  '',
  '',
];
const SIGNOFFS = ['Thanks', 'Thank you', 'Regards', 'Best regards', 'Cheers', ''];
const TEAMS = ['billing', 'technical', 'account', 'shipping'] as const;
const TEAM_WEIGHTS = [0.3, 0.3, 0.15, 0.25];

function team(): (typeof TEAMS)[number] {
  let u = random();
  for (let i = 0; i < TEAMS.length; i += 1) {
    u -= TEAM_WEIGHTS[i]!;
    if (u <= 0) return TEAMS[i]!;
  }
  return 'shipping';
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const tickets: { at: number; cells: string[] }[] = [];
for (let i = 0; i < TICKETS; i += 1) {
  const t = team();
  const subject = pick(SUBJECTS[t]!)();
  const parts = [pick(GREETINGS), pick(BODIES[t]!)()];
  if (chance(0.35)) parts.push(pick(BODIES[t]!)());
  // Now and then a customer mentions something that belongs to another team.
  if (chance(0.12)) parts.push(pick(BODIES[pick(TEAMS)]!)());
  parts.push(pick(FILLER), pick(SIGNOFFS));
  const body = parts.filter((p) => p !== '').join(' ');
  const at = Date.UTC(2024, 0, 1) + Math.floor(random() * (Date.UTC(2024, 5, 1) - Date.UTC(2024, 0, 1)));
  tickets.push({ at, cells: [new Date(at).toISOString().slice(0, 10), quote(subject), quote(body), t, at < Date.UTC(2024, 4, 1) ? 'train' : 'serve'] });
}
tickets.sort((a, b) => a.at - b.at);
const lines = ['ticket_id,created,subject,body,team,split', ...tickets.map((ticket, i) => [`tk-${String(i + 1).padStart(4, '0')}`, ...ticket.cells].join(','))];

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'tickets.csv');
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${TICKETS} tickets to ${path.relative(process.cwd(), out)}`);
