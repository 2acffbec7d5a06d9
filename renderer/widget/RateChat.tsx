// After the chat: "How did we do?" — 1 to 5 with an optional comment (issue 9). A radio group, so
// arrows move between the scores and a screen reader hears each one's meaning.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RATING_MAX } from '../../shared/protocol/reports';
import { intlLocale, type MessageKey } from '../common/i18n';
import { FormError } from '../common/FormError';
import { useWidget } from './widgetStore';

/** What each score means, said to screen readers and beside the stars. */
const meaningKey = (score: number) => `widget.rate.meaning.${score}` as MessageKey;
const COMMENT_MAX = 1000;

export function RateChat() {
  const { t } = useTranslation();
  const ids = useId();
  const { sent, busy, error } = useWidget((s) => s.rating);
  const rate = useWidget((s) => s.rate);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);

  if (sent) {
    return (
      <p className="rate__thanks" role="status" data-testid="rating-thanks">
        {t('widget.rate.thanks', { score: sent.score, max: RATING_MAX, meaning: t(meaningKey(sent.score)).toLocaleLowerCase(intlLocale()) })}
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
        <legend id={`${ids}-title`}>{t('widget.rate.title')}</legend>
        <div className="rate__row">
          {Array.from({ length: RATING_MAX }, (_, i) => i + 1).map((n) => (
            <label key={n} className={`rate__score${n <= score ? ' rate__score--on' : ''}`} title={t(meaningKey(n))}>
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
              {/* eslint-disable-next-line no-restricted-syntax -- a star glyph, not language; the label beside it says the score */}
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">{t('widget.rate.scoreOf', { score: n, max: RATING_MAX, meaning: t(meaningKey(n)) })}</span>
            </label>
          ))}
        </div>
        <p className="rate__meaning" aria-hidden="true">
          {score ? t(meaningKey(score)) : t('widget.rate.choose', { min: 1, max: RATING_MAX })}
        </p>
      </fieldset>
      {missing ? (
        <p id={`${ids}-missing`} className="field__error" role="alert">
          {t('widget.rate.missing', { min: 1, max: RATING_MAX })}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${ids}-comment`}>{t('widget.rate.comment')}</label>
        <textarea id={`${ids}-comment`} className="control" rows={2} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <FormError error={error} />
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {busy ? t('widget.more.sending') : t('widget.rate.send')}
      </button>
    </form>
  );
}
