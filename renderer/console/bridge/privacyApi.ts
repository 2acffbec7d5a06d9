// Privacy requests over the agent socket (issue 13, docs/PROTOCOL.md "Privacy"): typed calls that
// turn the hub's acks into values or DeskErrors, and the hub's privacy:changed pushes.
import type { Ack } from '../../../shared/protocol/errors';
import type { CustomerPrivacy, ErasurePlan, PostponedPart, PrivacyDetail, PrivacyLog, PrivacyRequestView } from '../../../shared/protocol/privacy';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export interface PrivacyApi {
  list(): Promise<PrivacyRequestView[]>;
  get(requestId: string): Promise<PrivacyDetail>;
  log(p: PrivacyLog): Promise<PrivacyRequestView>;
  assign(requestId: string, ownerId: string | null): Promise<PrivacyRequestView>;
  sendCode(requestId: string): Promise<PrivacyRequestView>;
  verify(requestId: string, code: string): Promise<PrivacyRequestView>;
  extend(requestId: string, dueAt: string, reason: string): Promise<PrivacyRequestView>;
  note(requestId: string, body: string): Promise<PrivacyDetail>;
  refuse(requestId: string, reason: string): Promise<PrivacyRequestView>;
  preview(requestId: string): Promise<ErasurePlan>;
  fulfil(requestId: string, guardianDocumentsChecked?: boolean): Promise<PrivacyRequestView>;
  customer(customerId: string): Promise<CustomerPrivacy>;
  flagUnder13(customerId: string): Promise<CustomerPrivacy>;
  confirmUnder13(customerId: string): Promise<{ erased: true; postponed: PostponedPart[] }>;
  guardianAgreement(customerId: string): Promise<CustomerPrivacy>;
  onChanged(handler: (request: PrivacyRequestView) => void): () => void;
}

/** Carrying out an erasure or an access bundle can take longer than a plain ack. */
const LONG_MS = 60_000;

export function privacyApi(socket: AgentSocket): PrivacyApi {
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };
  const long = <T>(event: string, payload: unknown) => ask(() => socket.timeout(LONG_MS).emitWithAck(event as 'privacy:fulfil', payload as never) as Promise<Ack<T>>);
  return {
    list: async () => (await ask(() => socket.emitWithAck('privacy:list', {}))).requests,
    get: (requestId) => ask(() => socket.emitWithAck('privacy:get', { requestId })),
    log: async (p) => (await ask(() => socket.emitWithAck('privacy:log', p))).request,
    assign: async (requestId, ownerId) => (await ask(() => socket.emitWithAck('privacy:assign', { requestId, ownerId }))).request,
    sendCode: async (requestId) => (await long<{ request: PrivacyRequestView }>('privacy:send-code', { requestId })).request,
    verify: async (requestId, code) => (await ask(() => socket.emitWithAck('privacy:verify', { requestId, code }))).request,
    extend: async (requestId, dueAt, reason) => (await long<{ request: PrivacyRequestView }>('privacy:extend', { requestId, dueAt, reason })).request,
    note: (requestId, body) => ask(() => socket.emitWithAck('privacy:note', { requestId, body })),
    refuse: async (requestId, reason) => (await long<{ request: PrivacyRequestView }>('privacy:refuse', { requestId, reason })).request,
    preview: (requestId) => ask(() => socket.emitWithAck('privacy:preview', { requestId })),
    fulfil: async (requestId, guardianDocumentsChecked) =>
      (await long<{ request: PrivacyRequestView }>('privacy:fulfil', guardianDocumentsChecked === undefined ? { requestId } : { requestId, guardianDocumentsChecked })).request,
    customer: (customerId) => ask(() => socket.emitWithAck('privacy:customer', { customerId })),
    flagUnder13: (customerId) => ask(() => socket.emitWithAck('privacy:flag-under13', { customerId })),
    confirmUnder13: (customerId) => long('privacy:confirm-under13', { customerId }),
    guardianAgreement: (customerId) => ask(() => socket.emitWithAck('privacy:guardian-agreement', { customerId })),
    onChanged(handler) {
      const h = ({ request }: { request: PrivacyRequestView }) => handler(request);
      socket.on('privacy:changed', h);
      return () => socket.off('privacy:changed', h);
    },
  };
}
