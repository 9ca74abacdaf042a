import { generateSecret, generateURI, verify } from 'otplib';

/** What an authenticator app needs (RFC 6238 defaults: SHA-1, 6 digits, 30 s). */
export const TOTP_PERIOD_SECONDS = 30;
/** One step either side: phones' clocks drift and people type slowly. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app enrols from (usually shown as a QR code). */
export function totpEnrolmentUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: 'artsift', label: accountLabel, secret });
}

/**
 * Checks a code at `now`. Returns the time step it matched, to be stored and passed back as
 * `lastStep` next time so that the same code is never accepted twice; null when it does not match.
 */
export async function verifyTotp(secret: string, code: string, now: Date, lastStep: number | null): Promise<number | null> {
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
      ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    // otplib throws on malformed tokens or an afterTimeStep from the future: not a match either way.
    return null;
  }
}
