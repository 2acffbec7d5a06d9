// Verification before a privacy request is acted on (POLICY §3a, DESIGN "Who is who"): a one-time
// code sent to the address on file (server/identity/codes.ts, purpose 'privacy'), or the store's
// signed identity (a verified widget session). The privacy desk needs only this much of the codes.
import type { OneTimeCodes } from '../identity/codes';

export interface PrivacyVerifier {
  /** Emails a code about `subject` (the request's reference); only `widgetSessionId`, when given, may enter it. */
  send(p: { email: string; brandId: string | null; subject: string; widgetSessionId?: string | null }): Promise<{ challengeId: string; sentTo: string }>;
  /** Resolves when right (the code is used up); throws code_invalid, code_expired, not_found or rate_limited. */
  check(challengeId: string, code: string, widgetSessionId?: string | null): Promise<void>;
}

export function codesVerifier(codes: OneTimeCodes): PrivacyVerifier {
  return {
    async send(p) {
      const issued = await codes.request({
        purpose: 'privacy',
        email: p.email,
        brandId: p.brandId ?? 'default',
        subject: p.subject,
        widgetSessionId: p.widgetSessionId ?? null,
        context: `It confirms your privacy request ${p.subject}.`,
        // Without a widget session, a supervisor enters the code the customer gives them.
        toldToStaff: !p.widgetSessionId,
      });
      return { challengeId: issued.challengeId, sentTo: issued.sentTo };
    },
    async check(challengeId, code, widgetSessionId) {
      await codes.verify(challengeId, code, { purpose: 'privacy', widgetSessionId: widgetSessionId ?? null });
    },
  };
}
