// After the chat: "How did we do?" — 1 to 5 with an optional comment (issue 9). A radio group, so
// arrows move between the scores and a screen reader hears each one's meaning.
import { useId, useState, type FormEvent } from 'react';
import { RATING_MAX } from '../../shared/protocol/reports';
import { FormError } from '../common/FormError';
import { useWidget } from './widgetStore';

const MEANING = ['', 'Very poor', 'Poor', 'OK', 'Good', 'Excellent'];
const COMMENT_MAX = 1000;

export function RateChat() {
  const ids = useId();
  const { sent, busy, error } = useWidget((s) => s.rating);
  const rate = useWidget((s) => s.rate);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);

  if (sent) {
    return (
      <p className="rate__thanks" role="status" data-testid="rating-thanks">
        Thank you for your rating ({sent.score} of {RATING_MAX}: {MEANING[sent.score]?.toLowerCase()}).
      </p>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!score) return setMissing(true);
    void rate(score, comment);
  };
  return (
    <form className="rate" onSubmit={submit} aria-labelledby={`${ids}-title`} data-testid="rate-chat" noValidate>
      <fieldset className="rate__scores" aria-describedby={missing ? `${ids}-missing` : undefined}>
        <legend id={`${ids}-title`}>How did we do?</legend>
        <div className="rate__row">
          {Array.from({ length: RATING_MAX }, (_, i) => i + 1).map((n) => (
            <label key={n} className={`rate__score${n <= score ? ' rate__score--on' : ''}`} title={MEANING[n]}>
              <input
                type="radio"
                name={`${ids}-score`}
                value={n}
                checked={score === n}
                onChange={() => {
                  setScore(n);
                  setMissing(false);
                }}
              />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">
                {n} of {RATING_MAX}: {MEANING[n]}
              </span>
            </label>
          ))}
        </div>
        <p className="rate__meaning" aria-hidden="true">
          {score ? MEANING[score] : 'Choose 1 to 5 stars'}
        </p>
      </fieldset>
      {missing ? (
        <p id={`${ids}-missing`} className="field__error" role="alert">
          Choose a score from 1 to 5 stars first.
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${ids}-comment`}>Anything to add? (optional)</label>
        <textarea id={`${ids}-comment`} className="control" rows={2} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <FormError error={error} />
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {busy ? 'Sending…' : 'Send rating'}
      </button>
    </form>
  );
}
