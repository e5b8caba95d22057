import { AppError, CALCULATOR_NAMES, CALCULATORS, runCalculator } from '@ningan/domain';
import type { Command } from 'commander';
import { readStdin } from '../stdin.ts';
import { EXIT } from '../exit.ts';

function fail(code: string, message: string, details?: { path: string; message: string }[]): void {
  process.stdout.write(`${JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } })}\n`);
  process.exitCode = EXIT.usage;
}

/** `ningan calc NAME`: one JSON object on stdin → one JSON object on stdout; bad input exits 2. */
export function registerCalc(program: Command): void {
  program
    .command('calc <name>')
    .description(
      `领域计算器：从标准输入读取一个 JSON 对象，输出一个 JSON 对象 / domain calculators (stdin JSON → stdout JSON)\n` +
        CALCULATOR_NAMES.map((n) => `  ${n.padEnd(16)} ${CALCULATORS[n].summary}`).join('\n'),
    )
    .action(async (name: string) => {
      const text = await readStdin();
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        fail('validation_failed', '标准输入不是有效的 JSON', [
          { path: '(input)', message: (err as Error).message },
        ]);
        return;
      }
      try {
        process.stdout.write(`${JSON.stringify(runCalculator(name, raw))}\n`);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        fail(err.code, err.message, err.details);
      }
    });
}
