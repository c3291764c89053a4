/** Link relation type (lowercase) -> target URL, e.g. `{ next: 'https://...', last: '...' }`. */
export type LinkRelations = Readonly<Record<string, string>>;

/**
 * Parses an RFC 8288 `Link` header into relation -> URL. One link may carry several
 * relations (`rel="next last"`); parameters may be quoted and contain `;` or `,`; URLs in
 * `<...>` may contain commas. The first link of each relation wins, as the RFC says.
 * Relative URLs are resolved against `base` when given.
 *
 * Written by hand: it is one small scanner over a short grammar that every paginated call
 * relies on, smaller than a dependency for it would be, and easy to test exhaustively here.
 */
export function parseLinkHeader(
  value: string | null | undefined,
  base?: string | URL,
): LinkRelations {
  const relations: Record<string, string> = Object.create(null);
  if (!value) return relations;

  const scanner = new Scanner(value);
  while (!scanner.done) {
    scanner.skip(/[\s,]/);
    if (scanner.done) break;
    if (scanner.peek() !== '<') {
      scanner.skipUntilTopLevelComma();
      continue;
    }
    const target = scanner.readUntil('>');
    if (target === undefined) break;
    const params = readParams(scanner);
    const url = resolve(target, base);
    for (const rel of (params.get('rel') ?? '').toLowerCase().split(/\s+/)) {
      if (rel !== '' && url !== undefined && !(rel in relations)) relations[rel] = url;
    }
  }
  return relations;
}

/** `; name=value; name="quoted; value"` up to the next `,` (or the end). */
function readParams(scanner: Scanner): Map<string, string> {
  const params = new Map<string, string>();
  for (;;) {
    scanner.skip(/[ \t]/);
    if (scanner.peek() !== ';') return params;
    scanner.next();
    scanner.skip(/[ \t]/);
    const name = scanner.readToken().toLowerCase();
    scanner.skip(/[ \t]/);
    let paramValue = '';
    if (scanner.peek() === '=') {
      scanner.next();
      scanner.skip(/[ \t]/);
      paramValue = scanner.peek() === '"' ? scanner.readQuoted() : scanner.readToken();
    }
    // RFC 8288 3.3: a parameter after the first of the same name is ignored.
    if (name !== '' && !params.has(name)) params.set(name, paramValue);
  }
}

function resolve(target: string, base: string | URL | undefined): string | undefined {
  const trimmed = target.trim();
  if (base === undefined) return trimmed;
  try {
    return new URL(trimmed, base).toString();
  } catch {
    return undefined;
  }
}

class Scanner {
  #position = 0;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.#position >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.#position];
  }

  next(): void {
    this.#position++;
  }

  skip(pattern: RegExp): void {
    while (!this.done && pattern.test(this.text[this.#position]!)) this.#position++;
  }

  /** The text after the current `<` up to `end`; leaves the position after `end`. */
  readUntil(end: string): string | undefined {
    const close = this.text.indexOf(end, this.#position + 1);
    if (close === -1) {
      this.#position = this.text.length;
      return undefined;
    }
    const read = this.text.slice(this.#position + 1, close);
    this.#position = close + 1;
    return read;
  }

  readToken(): string {
    const start = this.#position;
    while (!this.done && !/[\s;,="]/.test(this.text[this.#position]!)) this.#position++;
    return this.text.slice(start, this.#position);
  }

  /** A quoted-string with `\` escapes; the position starts on the opening quote. */
  readQuoted(): string {
    let read = '';
    this.#position++;
    while (!this.done) {
      const char = this.text[this.#position++]!;
      if (char === '"') return read;
      if (char === '\\' && !this.done) read += this.text[this.#position++];
      else read += char;
    }
    return read;
  }

  /** Skips a malformed link: up to the next comma outside quotes and `<...>`. */
  skipUntilTopLevelComma(): void {
    let quoted = false;
    let bracketed = false;
    while (!this.done) {
      const char = this.text[this.#position++];
      if (char === '"' && !bracketed) quoted = !quoted;
      else if (char === '<' && !quoted) bracketed = true;
      else if (char === '>' && !quoted) bracketed = false;
      else if (char === ',' && !quoted && !bracketed) return;
    }
  }
}
