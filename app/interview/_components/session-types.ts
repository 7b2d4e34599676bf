import type { AskedQuestion } from '@/lib/interview/question-schema';

/** A running mock as its browser view holds it (dates as ISO strings). */
export interface ClientSession {
  id: string;
  phase: 'active' | 'finishing' | 'finished';
  deadlineAt: string;
  serverNow: string;
  exercises: { id: string; title: string; exports: string[]; starter: string; draft: { code: string; version: number; updatedAt: string } | null }[];
  questions: (AskedQuestion & { position: number; exerciseTitle: string; answer: number | number[] | null })[];
}
