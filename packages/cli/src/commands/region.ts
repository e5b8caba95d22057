import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@ningan/domain';
import type { Command } from 'commander';
import { cliActor, configFrom, withPlatform, type GlobalFlags } from '../context.ts';
import { CliError, EXIT } from '../exit.ts';

export function registerRegion(program: Command): void {
  const region = program.command('region').description('行政区划 / administrative regions');
  region
    .command('show <code>')
    .description('显示区划及其下级 / show a region and its children')
    .option('--json', '输出 JSON', false)
    .action(async (code: string, opts: { json: boolean }, cmd: Command) => {
      if (!/^(\d{6}|\d{9}|\d{12})$/.test(code))
        throw new CliError(`区划代码应为 6/9/12 位数字（收到 ${code}）`, EXIT.usage);
      const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
      const detail = await withPlatform(config, 'ningan region show', async (p) => {
        try {
          return await p.services.regions.getRegionDetail(code);
        } catch (err) {
          if (err instanceof AppError && err.code === 'not_found')
            throw new CliError(err.message, EXIT.failed);
          throw err;
        }
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
        return;
      }
      const out = [
        `${detail.code} ${detail.name}（${detail.level}）${detail.lon !== null ? ` ${detail.lon}, ${detail.lat}` : ''}`,
      ];
      for (const c of detail.children)
        out.push(
          `  ${c.code} ${c.name}${c.lon !== null ? `  ${c.lon?.toFixed(4)}, ${c.lat?.toFixed(4)}` : ''}${c.schematic ? '  (示意)' : ''}`,
        );
      out.push(`共 ${detail.children.length} 个下级 / children`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
  region
    .command('import-boundaries <file>')
    .description(
      '导入乡镇/村实际边界 GeoJSON（properties.code 为 9/12 位代码），替换示意分区 / import real boundaries',
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
      let input: unknown;
      try {
        input = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new CliError(`无法读取 ${file}: ${(err as Error).message}`, EXIT.usage);
      }
      await withPlatform(config, 'ningan region import-boundaries', async (p) => {
        try {
          const r = await p.services.regions.importBoundaries(cliActor(config), input, path.basename(file));
          process.stdout.write(`已导入 imported: ${r.townships} 个乡镇, ${r.villages} 个村(社区)\n`);
        } catch (err) {
          if (err instanceof AppError)
            throw new CliError(
              [err.message, ...(err.details ?? []).map((d) => `  - ${d.path}: ${d.message}`)].join('\n'),
              EXIT.usage,
            );
          throw err;
        }
      });
    });
}
