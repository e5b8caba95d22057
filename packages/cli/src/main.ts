/** `ningan` — the Ning'an command line. */
import { AppError } from '@ningan/domain';
import { Command, CommanderError } from 'commander';
import { VERSION } from '@ningan/server';
import { registerAudit } from './commands/audit.ts';
import { registerBench } from './commands/bench.ts';
import { registerCalc } from './commands/calc.ts';
import { registerDb } from './commands/db.ts';
import { registerDemoScenario } from './commands/demo-scenario.ts';
import { registerGatewaySim } from './commands/gateway-sim.ts';
import { registerLedger } from './commands/ledger.ts';
import { registerOpenApi } from './commands/openapi.ts';
import { registerRegion } from './commands/region.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerStart } from './commands/start.ts';
import { registerUser } from './commands/user.ts';
import { CliError, EXIT } from './exit.ts';

const program = new Command('ningan')
  .description("宁安 · 县域智慧应急平台 / Ning'an county emergency-management platform")
  .version(VERSION)
  .option('--data-dir <dir>', '嵌入式数据库目录 / embedded data directory (DATA_DIR, default ./data)')
  .option('--database-url <url>', 'PostgreSQL 连接串 / PostgreSQL URL (DATABASE_URL)')
  .showHelpAfterError()
  .exitOverride();

registerStart(program);
registerSimulate(program);
registerGatewaySim(program);
registerDemoScenario(program);
registerDb(program);
registerUser(program);
registerAudit(program);
registerRegion(program);
registerBench(program);
registerCalc(program);
registerLedger(program);
registerOpenApi(program);
const overrideAll = (cmd: Command): void => {
  cmd.exitOverride();
  cmd.commands.forEach(overrideAll);
};
overrideAll(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version end here with code 0
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof CliError) {
    process.stderr.write(`错误 error: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else if (err instanceof AppError) {
    const lines = (err.details ?? []).map((d) => `  - ${d.path}: ${d.message}`);
    process.stderr.write(`错误 error [${err.code}]: ${[err.message, ...lines].join('\n')}\n`);
    process.exitCode = EXIT.failed;
  } else {
    // A failed query's message holds the whole statement and its parameters; its cause says what went
    // wrong. Print the causes first and keep the rest short.
    const causes: string[] = [];
    for (let c = (err as Error).cause; c instanceof Error && causes.length < 5; c = c.cause)
      causes.push(c.message);
    const text = (err as Error).stack ?? String(err);
    const short = text.length > 2000 ? `${text.slice(0, 2000)} …（已截断 truncated）` : text;
    process.stderr.write(`错误 error: ${[...causes.map((m) => `原因 cause: ${m}`), short].join('\n')}\n`);
    process.exitCode = EXIT.failed;
  }
}
