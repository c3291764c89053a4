import { parseArgs } from 'node:util';

/** What the command line asks for, after checking the flags each command accepts. */
export type Command =
  | { kind: 'help'; capability: string | undefined }
  | { kind: 'info'; resultFile: string | undefined }
  | { kind: 'serve'; port: number; host: string }
  | {
      kind: 'call';
      capability: string;
      input: { json: string } | { file: string };
      resultFile: string | undefined;
    }
  | { kind: 'usage-error'; message: string };

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

const OPTIONS = {
  json: { type: 'string', multiple: true },
  'json-file': { type: 'string', multiple: true },
  'result-file-path': { type: 'string', multiple: true },
  port: { type: 'string', multiple: true },
  host: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** Parses `argv` (without `node` and the script) into one command. Never throws. */
export function parseCommandLine(argv: readonly string[]): Command {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs names the offending flag; its message is safe to echo (no values).
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;

  if (values.help === true) return { kind: 'help', capability: command };
  if (command === undefined) return usageError('No command given');
  if (command === 'help') return { kind: 'help', capability: extra[0] };
  if (extra.length > 0) {
    return usageError(`Unexpected argument after '${command}': '${extra[0]}'`);
  }

  const duplicate = Object.entries(values).find(
    ([, value]) => Array.isArray(value) && value.length > 1,
  );
  if (duplicate) return usageError(`--${duplicate[0]} is given more than once`);

  if (command === 'serve') return serveCommand(values);
  return callCommand(command, values);
}

function serveCommand(values: Values): Command {
  const misplaced = ['json', 'json-file', 'result-file-path'].find(
    (name) => values[name as keyof Values] !== undefined,
  );
  if (misplaced) return usageError(`--${misplaced} does not apply to serve`);

  const rawPort = values.port?.[0];
  const port = rawPort === undefined ? DEFAULT_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || rawPort?.trim() === '') {
    return usageError(`--port '${rawPort}' is not a port number (0-65535; 0 picks a free port)`);
  }
  const host = values.host?.[0] ?? DEFAULT_HOST;
  if (host.trim() === '') return usageError('--host is empty; give a host name or address');
  return { kind: 'serve', port, host };
}

function callCommand(command: string, values: Values): Command {
  const misplaced = ['port', 'host'].find((name) => values[name as keyof Values] !== undefined);
  if (misplaced) return usageError(`--${misplaced} applies to serve only`);
  const resultFile = values['result-file-path']?.[0];
  if (resultFile === '') return usageError('--result-file-path is empty; give a file path');

  const json = values.json?.[0];
  const file = values['json-file']?.[0];
  if (command === 'info' || command === 'app_info') {
    if (json !== undefined || file !== undefined) {
      return usageError(`${command} takes no --json or --json-file`);
    }
    return { kind: 'info', resultFile };
  }
  if (json !== undefined && file !== undefined) {
    return usageError('Give either --json or --json-file, not both');
  }
  if (json === undefined && file === undefined) {
    return usageError(`${command} needs the request envelope: --json '<envelope>' or --json-file`);
  }
  if (file === '') return usageError('--json-file is empty; give a file path');
  return {
    kind: 'call',
    capability: command,
    input: json !== undefined ? { json } : { file: file! },
    resultFile,
  };
}

function usageError(message: string): Command {
  return { kind: 'usage-error', message };
}

/** The usage text, listing the connector's capabilities when they are known. */
export function usageText(bin: string, capabilities: readonly CapabilityLine[] = []): string {
  const lines = [
    `Usage: ${bin} <command> [options]`,
    '',
    'Commands:',
    '  info                              print the connector description (JSON)',
    "  <capability> --json '<envelope>'  run one capability with the request envelope",
    '  <capability> --json-file <path>   same, reading the envelope from a file',
    '  serve [--port 8080] [--host 127.0.0.1]',
    '                                    answer capability calls over HTTP',
    '',
    'Options:',
    '  --result-file-path <file.gz>      gzip the result envelope into this file',
    '                                    instead of printing it',
    '  -h, --help                        show this text',
    '',
    'Environment:',
    '  GRANTKIT_LOG_LEVEL   debug | info | warn | error | silent (default: warn)',
    '  GRANTKIT_LOG_FORMAT  text | json (default: text); logs go to stderr',
    '',
    'Exit codes: 0 success, 1 error envelope, 2 usage error.',
  ];
  if (capabilities.length > 0) {
    const width = Math.max(...capabilities.map((c) => c.name.length)) + 2;
    lines.push('', 'Capabilities:');
    for (const capability of capabilities) {
      const about = capability.about ? capability.name.padEnd(width) + capability.about : '';
      lines.push(`  ${about || capability.name}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface CapabilityLine {
  name: string;
  about?: string | undefined;
}
