/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are secret wherever they appear in logged or echoed data. */
const SECRET_KEY_PATTERN =
  /(pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|code_verifier)/i;

/** Shorter values are not replaced inside text: they would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * Removes secrets from text and data before it is printed: by value (every secret string
 * the current call received) and by key name (anything under `password`, `token`, ...).
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  /** Adds secret values; derived forms (URL-encoded, base64 of `user:password`) too. */
  add(...values: Array<string | undefined | null>): this {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
      this.#secrets.add(value);
      this.#secrets.add(encodeURIComponent(value));
      this.#secrets.add(Buffer.from(value).toString('base64'));
    }
    this.#pattern = undefined;
    return this;
  }

  /** Adds the base64 form a basic-auth header would carry. */
  addBasic(username: string, password: string): this {
    this.add(password);
    this.#secrets.add(Buffer.from(`${username}:${password}`).toString('base64'));
    this.#pattern = undefined;
    return this;
  }

  get size(): number {
    return this.#secrets.size;
  }

  redactText(text: string): string {
    if (this.#secrets.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#secrets]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, REDACTED);
  }

  /** A deep copy of `value` with secret keys and secret values replaced. */
  redact<T>(value: T): T {
    return this.#redactValue(value, 0) as T;
  }

  #redactValue(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value !== 'object' || value === null || depth > 32) return value;
    if (Array.isArray(value)) return value.map((item) => this.#redactValue(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] =
        SECRET_KEY_PATTERN.test(key) && (typeof item === 'string' || typeof item === 'number')
          ? REDACTED
          : this.#redactValue(item, depth + 1);
    }
    return copy;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Strips the query string values and userinfo of a URL, which may carry secrets. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return String(url).replace(/\?.*$/, '');
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_KEY_PATTERN.test(key) || /^(key|sig|signature|code|state)$/i.test(key)) {
      parsed.searchParams.set(key, REDACTED);
    }
  }
  return parsed.toString().replace(/%5BREDACTED%5D/g, REDACTED);
}
