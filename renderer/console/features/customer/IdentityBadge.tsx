// Verified or Guest (issue 12), beside the customer's name everywhere a chat is shown: a guest's
// email is only what they typed, so the agent must not treat it as proof of who they are.
import type { Customer } from '../../../../shared/protocol/schemas';
import './customer.css';

export function IdentityBadge({ customer }: { customer: Pick<Customer, 'verified'> }) {
  return customer.verified ? (
    <span className="identity-badge identity-badge--verified" data-testid="identity-badge" data-verified="true" title="The shop or a code sent to the email confirmed who this is">
      Verified
    </span>
  ) : (
    <span className="identity-badge identity-badge--guest" data-testid="identity-badge" data-verified="false" title="Only what they typed: the email is not confirmed">
      Guest
    </span>
  );
}
