'use client';

import { useState } from 'react';
import { Markdown } from '@/app/_components/markdown';
import { requestJson, RequestError } from '@/app/_components/workspace/api-client';
import type { ClientSession } from './session-types';

type Question = ClientSession['questions'][number];
type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

/** One question: choices (one or several) or a number; each change is kept on the server. Nothing says right or wrong before the end. */
function QuestionItem({ interviewId, question, index }: { interviewId: string; question: Question; index: number }) {
  const [answer, setAnswer] = useState<number | number[] | null>(question.answer);
  const [text, setText] = useState(typeof question.answer === 'number' && question.kind === 'number' ? String(question.answer) : '');
  const [status, setStatus] = useState<Status>({ kind: question.answer === null ? 'idle' : 'saved' });

  const save = async (value: number | number[]) => {
    setAnswer(value);
    setStatus({ kind: 'saving' });
    try {
      await requestJson(`/api/interviews/${interviewId}/questions/${question.position}`, { method: 'PUT', json: { answer: value } });
      setStatus({ kind: 'saved' });
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof RequestError ? error.message : 'Not saved; try again.' });
    }
  };

  const saveNumber = () => {
    const value = Number(text.replace(',', '.'));
    if (text.trim() === '' || !Number.isFinite(value)) {
      setStatus({ kind: 'error', message: 'Write a number, like 0.25 or 12.' });
      return;
    }
    void save(value);
  };

  const name = `question-${question.position}`;
  return (
    <li className="panel question" data-testid="question">
      <fieldset>
        <legend>
          <span className="question-number">Question {index + 1}</span> <span className="muted">on {question.exerciseTitle}</span>
        </legend>
        <Markdown>{question.prompt}</Markdown>
        {question.kind === 'number' ? (
          <div className="number-answer">
            <label htmlFor={name}>Your answer</label>
            <input
              id={name}
              inputMode="decimal"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setStatus({ kind: 'idle' });
              }}
              onBlur={saveNumber}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  saveNumber();
                }
              }}
            />
          </div>
        ) : (
          <ul className="choices">
            {question.choices.map((choice, i) => {
              const checked = question.kind === 'single' ? answer === i : Array.isArray(answer) && answer.includes(i);
              const toggle = () => {
                if (question.kind === 'single') return void save(i);
                const current = Array.isArray(answer) ? answer : [];
                const next = (checked ? current.filter((c) => c !== i) : [...current, i]).sort((a, b) => a - b);
                if (next.length === 0) {
                  setAnswer(next);
                  setStatus({ kind: 'error', message: 'Choose at least one answer.' });
                } else void save(next);
              };
              return (
                <li key={i}>
                  <label>
                    <input type={question.kind === 'single' ? 'radio' : 'checkbox'} name={name} checked={checked} onChange={toggle} /> <span>{choice}</span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {question.kind === 'multiple' && <p className="muted">Choose every answer that applies.</p>}
        <p className="answer-status" role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.kind === 'saving' ? 'Saving…' : status.kind === 'saved' ? 'Answer saved' : status.kind === 'error' ? status.message : ''}
        </p>
      </fieldset>
    </li>
  );
}

/** The mock's conceptual questions; answers may be changed until the clock stops. */
export function QuestionsPanel({ interviewId, questions }: { interviewId: string; questions: ClientSession['questions'] }) {
  if (questions.length === 0) return <p className="muted">This mock has no questions.</p>;
  return (
    <section className="questions" aria-label="Questions">
      <p className="muted">Answers are kept as you choose them and graded when the mock ends; you can change them until then.</p>
      <ol className="question-list">
        {questions.map((question, index) => (
          <QuestionItem key={question.position} interviewId={interviewId} question={question} index={index} />
        ))}
      </ol>
    </section>
  );
}
