import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT_MS, MAX_PAGE_SIZE } from './constants.ts';

/** The settings of a XAPP_TITLE connector call (`settings` of the envelope). */
export const XappSettingsSchema = z.object({
  base_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .describe('Base URL of the XAPP_TITLE API, e.g. `https://api.example.com/v1`.'),
  page_size: z
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per XAPP_TITLE request (1-${MAX_PAGE_SIZE}).`),
  request_timeout_ms: z
    .int()
    .min(100)
    .max(300_000)
    .default(DEFAULT_TIMEOUT_MS)
    .describe('Time allowed for one request to XAPP_TITLE, in milliseconds.'),
});

export type XappSettings = z.output<typeof XappSettingsSchema>;
