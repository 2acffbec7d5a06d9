// Placeholders in canned replies (issue 9): a reply says "{customer.firstName}" and the console
// fills it in when the agent inserts it, in a chat or in a ticket's answer. Pure: the hub checks a
// reply's placeholders when it is saved, the console fills them, both with this list.

/** Every placeholder a canned reply may use, with what it becomes. */
export const CANNED_PLACEHOLDERS = {
  'customer.firstName': 'the customer’s first name (the first word of the name they gave)',
  'customer.name': 'the customer’s full name, as they gave it',
  'order.number': 'the order of the case opened in this chat (left for you to fill when there is none)',
  'agent.name': 'your own name, as the desk shows it',
} as const;
export type CannedPlaceholder = keyof typeof CANNED_PLACEHOLDERS;

const PLACEHOLDER = /\{([A-Za-z]+\.[A-Za-z]+)\}/g;

export interface CannedContext {
  customerName?: string | null;
  orderNumber?: string | null;
  agentName?: string | null;
}

const isKnown = (name: string): name is CannedPlaceholder => Object.hasOwn(CANNED_PLACEHOLDERS, name);

/** Placeholders in `body` the desk does not know (a typo such as {customer.fristName}). */
export function unknownPlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !isKnown(name)))];
}

/**
 * The reply with every placeholder the context can fill filled in; the others stay as written
 * (e.g. "{order.number}" when the chat has no case) and are listed in `missing`, so the agent
 * sees what is left to write before sending.
 */
export function fillCanned(body: string, ctx: CannedContext): { text: string; missing: CannedPlaceholder[] } {
  const missing = new Set<CannedPlaceholder>();
  const value = (name: CannedPlaceholder): string | null => {
    const name0 = ctx.customerName?.trim() || null;
    switch (name) {
      case 'customer.firstName':
        return name0 ? name0.split(/\s+/)[0]! : null;
      case 'customer.name':
        return name0;
      case 'order.number':
        return ctx.orderNumber?.trim() || null;
      case 'agent.name':
        return ctx.agentName?.trim() || null;
    }
  };
  const text = body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isKnown(name)) return whole;
    const v = value(name);
    if (v === null) missing.add(name);
    return v ?? whole;
  });
  return { text, missing: [...missing] };
}
