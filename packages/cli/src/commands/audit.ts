import type { Command } from 'commander';
import { configFrom, withPlatform, type GlobalFlags } from '../context.ts';
import { CliError, EXIT } from '../exit.ts';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('审计日志 / audit trail');
  audit
    .command('verify')
    .description('校验审计哈希链；发现篡改时以非零状态退出并指出第一条问题记录 / verify the hash chain')
    .option('--json', '输出 JSON', false)
    .action(async (opts: { json: boolean }, cmd: Command) => {
      const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
      const result = await withPlatform(config, 'ningan audit verify', (p) => p.services.audit.verifyChain());
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.ok) {
        if (!opts.json)
          process.stdout.write(`审计哈希链完整 / audit chain OK: ${result.checked} 条记录已校验\n`);
        return;
      }
      throw new CliError(
        `审计哈希链校验失败 / audit chain BROKEN at seq ${result.badSeq}: ${result.reason}（此前 ${result.checked} 条完好）`,
        EXIT.failed,
      );
    });
}
