// Verified or Guest (issue 12), beside the customer's name everywhere a chat is shown: a guest's
// email is only what they typed, so the agent must not treat it as proof of who they are.
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/protocol/schemas';
import './customer.css';

export function IdentityBadge({ customer }: { customer: Pick<Customer, 'verified'> }) {
  const { t } = useTranslation();
  return customer.verified ? (
    <span className="identity-badge identity-badge--verified" data-testid="identity-badge" data-verified="true" title={t('identity.verified.title')}>
      {t('identity.verified')}
    </span>
  ) : (
    <span className="identity-badge identity-badge--guest" data-testid="identity-badge" data-verified="false" title={t('identity.guest.title')}>
      {t('identity.guest')}
    </span>
  );
}
