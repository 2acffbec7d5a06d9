// Chats the hub offered to this agent, at the top of the queue column: who, which brand, how long
// is left to accept (then it goes to someone else), and Accept (Alt+A takes the oldest).
import { useTranslation } from 'react-i18next';
import type { Offer } from '../../../../shared/protocol/routing';
import { FormError } from '../../../common/FormError';
import { formatCount } from '../../../common/format';
import { useNow } from '../../../common/useNow';
import { useQueue } from '../queue/queueStore';
import { brandName, useRouting } from './routingStore';
import './routing.css';
import { IdentityBadge } from '../customer/IdentityBadge';

export function OfferList() {
  const { t } = useTranslation();
  const offers = useRouting((s) => s.offers);
  const error = useRouting((s) => s.offerError);
  if (offers.length === 0 && !error) return null;
  return (
    <section className="offers" aria-labelledby="offers-title" data-testid="offers">
      <h2 id="offers-title" className="queue__title">
        {t('routing.offers.title')} <span className="badge badge--accent">{formatCount(offers.length)}</span>
      </h2>
      <FormError error={error} className="offers__error" />
      <ul className="queue__list">
        {offers.map((o, i) => (
          <OfferCard key={o.conversation.id} offer={o} first={i === 0} />
        ))}
      </ul>
    </section>
  );
}

function OfferCard({ offer, first }: { offer: Offer; first: boolean }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const brands = useRouting((s) => s.brands);
  const accepting = useRouting((s) => s.accepting);
  const acceptOffer = useRouting((s) => s.acceptOffer);
  const c = offer.conversation;
  const firstMessage = useQueue((s) => s.previews[c.id]?.first ?? null);
  const left = Math.max(0, Math.ceil((Date.parse(offer.expiresAt) - now) / 1000));
  const brand = brandName(brands, offer.brandId);
  return (
    <li className="offer" data-testid="offer" data-conversation-id={c.id}>
      <div className="offer__who">
        <span className="offer__name">
          {c.customer.name}
          <IdentityBadge customer={c.customer} />
        </span>
        {brand ? <span className="offer__brand">{brand}</span> : null}
      </div>
      <p className="offer__first" data-testid="offer-first-message">
        {firstMessage ? <q>{firstMessage}</q> : <span className="muted">{t('routing.offer.noMessage')}</span>}
      </p>
      <p className="offer__left">
        {/* Not live: a region announcing every second would drown everything else. */}
        <span data-testid="offer-countdown">{left > 0 ? t('routing.offer.left', { seconds: left }) : t('routing.offer.goingBack')}</span>
      </p>
      <button
        type="button"
        className="btn btn--primary btn--small"
        aria-keyshortcuts={first ? 'Alt+A' : undefined}
        disabled={accepting !== null}
        aria-label={accepting === c.id ? t('routing.offer.acceptingLabel', { name: c.customer.name }) : t('routing.offer.acceptLabel', { name: c.customer.name })}
        onClick={() => void acceptOffer(c.id)}
      >
        {accepting === c.id ? t('routing.offer.accepting') : t('routing.offer.accept')}
      </button>
    </li>
  );
}
