import { z } from 'zod';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  MAX_PER_PAGE,
} from './constants.ts';

/** A GitHub login: letters, digits and single hyphens, at most 39 characters. */
const ORG_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** The settings of a GitHub connector call (`settings` of the envelope). */
export const GitHubSettingsSchema = z.object({
  organization: z
    .string()
    .regex(ORG_LOGIN, 'must be an organization login such as `acme` (letters, digits, hyphens)')
    .describe('Login of the GitHub organization to manage, e.g. `acme`.'),
  api_base_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(DEFAULT_API_BASE_URL)
    .describe(
      'Base URL of the REST API: `https://api.github.com`, or `https://HOST/api/v3` for ' +
        'GitHub Enterprise Server.',
    ),
  page_size: z
    .int()
    .min(1)
    .max(MAX_PER_PAGE)
    .default(MAX_PER_PAGE)
    .describe('Items per GitHub request (`per_page`, 1-100). Larger pages spend less quota.'),
  max_concurrent_requests: z
    .int()
    .min(1)
    .max(100)
    .default(DEFAULT_MAX_CONCURRENT_REQUESTS)
    .describe(
      'Most requests in flight at once while fanning out over teams and repositories. ' +
        'GitHub counts concurrency toward its secondary rate limit (at most 100).',
    ),
  include_invitations: z
    .boolean()
    .default(true)
    .describe(
      'List pending invitations as PENDING accounts. Reading invitations needs an ' +
        'organization owner and the `admin:org` scope; turn off for a read-only token.',
    ),
});

export type GitHubSettings = z.output<typeof GitHubSettingsSchema>;
