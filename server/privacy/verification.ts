// Verification before a privacy request is acted on (POLICY §3a, DESIGN "Who is who"): a one-time
// code sent to the address on file, or the store's signed identity. The privacy desk needs only
// this much of it; server/privacy/service.ts takes whatever implements it.
export interface PrivacyVerifier {
  /** Sends a one-time code for a privacy request to `email`, from the brand's care address. */
  send(email: string, brandId: string | null): Promise<void>;
  /**
   * Checks a code for `email`: resolves true when right (and uses it up), false when wrong.
   * Throws a DeskError (`rate_limited` after too many tries, `conflict` when none is pending or it
   * expired) so the caller can say why.
   */
  check(email: string, code: string): Promise<boolean>;
}
