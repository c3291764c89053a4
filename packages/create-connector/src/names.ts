/** The names a connector goes by, all derived from its kebab-case app name. */
export interface ConnectorNames {
  /** `acme-hr`: the folder, and the bin's prefix. */
  app: string;
  /** `acme_hr`: the protocol's `app_id`. */
  appId: string;
  /** `AcmeHr`: type and class names. */
  pascal: string;
  /** `Acme Hr`: the name users see, until the author writes the real one. */
  title: string;
  /** `@grantkit/connector-acme-hr` */
  packageName: string;
  /** `acme-hr-connector` */
  bin: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Names that would clash with the monorepo's own folders or read as something else. */
const RESERVED = new Set(['core', 'testing', 'connector', 'create-connector', 'node-modules']);

/**
 * Checks an app name and derives the other names from it; throws a `TypeError` that quotes
 * the name and says what would be accepted.
 */
export function connectorNames(app: string): ConnectorNames {
  if (!KEBAB.test(app)) {
    const suggestion = toKebab(app);
    const hint = suggestion !== '' && KEBAB.test(suggestion) ? ` (e.g. '${suggestion}')` : '';
    throw new TypeError(
      `'${app}' is not a valid connector name: use kebab-case, lowercase letters and digits ` +
        `separated by single hyphens, starting with a letter${hint}`,
    );
  }
  if (app.length > 50) {
    throw new TypeError(`'${app}' is too long for a connector name (at most 50 characters)`);
  }
  if (RESERVED.has(app)) {
    throw new TypeError(`'${app}' is reserved in this monorepo; name the connector after its app`);
  }
  const words = app.split('-');
  const capitalized = words.map((word) => word[0]!.toUpperCase() + word.slice(1));
  return {
    app,
    appId: words.join('_'),
    pascal: /^[0-9]/.test(capitalized.join(''))
      ? `App${capitalized.join('')}`
      : capitalized.join(''),
    title: capitalized.join(' '),
    packageName: `@grantkit/connector-${app}`,
    bin: `${app}-connector`,
  };
}

function toKebab(text: string): string {
  return text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
