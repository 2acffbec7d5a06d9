import type { Role } from '../../../../shared/protocol/schemas';

export const ROLES: { value: Role; label: string }[] = [
  { value: 'agent', label: 'Agent' },
  { value: 'supervisor', label: 'Supervisor' },
  { value: 'admin', label: 'Admin' },
];

export const roleLabel = (role: Role) => ROLES.find((r) => r.value === role)?.label ?? role;

// A hint for the form only: the hub enforces the rule (shared/protocol/schemas.ts, Password), and
// importing the schema here would pull zod into the console bundle.
export const MIN_PASSWORD = 10;
