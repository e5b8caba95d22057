/**
 * Registry imports (issue #3: "validation first, then a preview; all-or-nothing; large files show progress"):
 * the result of an import, how far one has got, and the lines of the streamed answer that the import
 * routes send when the client asks for `application/x-ndjson`.
 */
import { z } from 'zod';
import { ErrorEnvelope } from './api.ts';

/** The phases an import reports, in order: rows checked (of the file's), then records written (of those to write). */
export const IMPORT_PHASES = ['validated', 'written'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export const ImportProgress = z.object({
  phase: z.enum(IMPORT_PHASES),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/** Row counts of an import (`dryRun`: validated only, nothing written). */
export const ImportResult = z.object({
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  dryRun: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** The media type a client sends in `Accept` to receive an import's progress as it happens. */
export const IMPORT_STREAM_TYPE = 'application/x-ndjson';

/**
 * One line of a streamed import answer (newline-delimited JSON): any number of `progress` lines, then
 * exactly one `result` or `error` line (the usual error envelope), after which the answer ends.
 */
export const ImportStreamLine = z.discriminatedUnion('type', [
  ImportProgress.extend({ type: z.literal('progress') }),
  ImportResult.extend({ type: z.literal('result') }),
  ErrorEnvelope.extend({ type: z.literal('error') }),
]);
export type ImportStreamLine = z.infer<typeof ImportStreamLine>;

/** True when an `Accept` header asks for the streamed answer. */
export function wantsImportStream(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => part.split(';')[0]!.trim().toLowerCase() === IMPORT_STREAM_TYPE);
}

/**
 * Splits what has arrived of a streamed answer into its complete lines, parsed, and the unfinished rest
 * (to be prefixed to the next chunk). A line that is not one of {@link ImportStreamLine} is counted in `bad`.
 */
export function readImportLines(buffered: string): {
  lines: ImportStreamLine[];
  rest: string;
  bad: number;
} {
  const parts = buffered.split('\n');
  const rest = parts.pop() ?? '';
  const lines: ImportStreamLine[] = [];
  let bad = 0;
  for (const part of parts) {
    if (!part.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(part);
    } catch {
      bad += 1;
      continue;
    }
    const parsed = ImportStreamLine.safeParse(value);
    if (parsed.success) lines.push(parsed.data);
    else bad += 1;
  }
  return { lines, rest, bad };
}
