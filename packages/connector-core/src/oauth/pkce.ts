import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** Kept by the caller until the code exchange; a secret. */
  verifier: string;
  /** Sent in the authorization URL as `code_challenge`, with `code_challenge_method=S256`. */
  challenge: string;
}

/**
 * A PKCE pair (RFC 7636, S256). Written by hand: two node:crypto calls are the whole job.
 * 32 random bytes give a 43-character verifier, the shortest the RFC allows, with 256 bits.
 */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** The S256 challenge of a verifier: base64url of its SHA-256, without padding. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
