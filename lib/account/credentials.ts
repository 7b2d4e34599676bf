import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/auth/auth';

/** Passwords people pick first; refused whatever their length. */
const COMMON = new Set([
  'password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop', 'iloveyou123', 'letmein123', 'welcome123',
  'administrator', 'passw0rd123', 'qwerty12345', 'abcdefghij', 'football123', 'monkey12345', 'princess123', '0123456789',
]);

/** Why a password is too weak, in words, or null when it will do. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well).`;
  if (password.length > MAX_PASSWORD_LENGTH) return `A password can be at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(lower).size <= 2) return 'That password is too easy to guess; choose something less common.';
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 4 && lower.includes(name)) return 'Your password should not contain your email address.';
  return null;
}

const email = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address, like ada@example.com.' }).max(254));

export const signUpSchema = z
  .object({
    name: z.string().trim().max(80, 'Keep your name under 80 characters.').optional().default(''),
    email,
    password: z.string({ error: 'Choose a password.' }),
    timeZone: z.string().max(64).optional(),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, value.email);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export const signInSchema = z.object({
  email,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(MAX_PASSWORD_LENGTH),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;
