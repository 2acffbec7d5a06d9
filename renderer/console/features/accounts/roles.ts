import type { Role } from '../../../../shared/protocol/schemas';
import { tr, type MessageKey } from '../../../common/i18n';

export const ROLES: { value: Role; label: MessageKey }[] = [
  { value: 'agent', label: 'accounts.role.agent' },
  { value: 'supervisor', label: 'accounts.role.supervisor' },
  { value: 'admin', label: 'accounts.role.admin' },
];

/** "Agent", "Supervisor", "Admin" in the console's language. */
export const roleLabel = (role: Role): string => {
  const key = ROLES.find((r) => r.value === role)?.label;
  return key ? tr(key) : role;
};

// A hint for the form only: the hub enforces the rule (shared/protocol/schemas.ts, Password), and
// importing the schema here would pull zod into the console bundle.
export const MIN_PASSWORD = 10;
