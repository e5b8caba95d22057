import fs from 'node:fs';
import path from 'node:path';
import {
  AppError,
  ENTERPRISE_SCALES,
  findRegistry,
  INDUSTRIES,
  REGISTRY_KEYS,
  type ImportProgress,
} from '@ningan/domain';
import { geojsonToTable, readTable, TableFormatError } from '@ningan/server';
import type { Command } from 'commander';
import { cliActor, configFrom, withPlatform, type GlobalFlags } from '../context.ts';
import { CliError, EXIT } from '../exit.ts';

/** `enterprises` and every declared ledger registry (domain REGISTRIES). */
const REGISTRIES = ['enterprises', ...REGISTRY_KEYS];

function registryOf(name: string): string {
  if (!REGISTRIES.includes(name))
    throw new CliError(`未知的台账 unknown registry: ${name}（可用：${REGISTRIES.join('、')}）`, EXIT.usage);
  return name;
}

/** `--filter key=value` (repeatable) into a filter object. */
function collectFilter(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new CliError(`--filter 应为 字段=值（收到 ${value}）`, EXIT.usage);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function problemsText(err: AppError): string {
  const details = err.details ?? [];
  const shown = details.slice(0, 200).map((d) => `  - ${d.path}: ${d.message}`);
  if (details.length > shown.length) shown.push(`  …另有 ${details.length - shown.length} 个问题`);
  return [err.message, ...shown].join('\n');
}

/** `ningan import <registry> <file>` and `ningan export <registry>` (issue #3). */
export function registerLedger(program: Command): void {
  program
    .command('import <registry> <file>')
    .description(
      `导入台账（.xlsx、UTF-8 CSV 或 GeoJSON；全部通过才写入）/ import a registry: ${REGISTRIES.join(', ')}`,
    )
    .option('--dry-run', '只校验并预览，不写入 / validate and count only', false)
    .action(async (registry: string, file: string, opts: { dryRun: boolean }, cmd: Command) => {
      registryOf(registry);
      const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
      let buffer: Buffer;
      try {
        buffer = fs.readFileSync(file);
      } catch (err) {
        throw new CliError(`无法读取 ${file}: ${(err as Error).message}`, EXIT.usage);
      }
      let table;
      try {
        const def = findRegistry(registry);
        const isGeoJson = /\.(geo)?json$/i.test(file);
        if (isGeoJson && !def) throw new CliError('企业请以 .xlsx 或 CSV 导入', EXIT.usage);
        table = isGeoJson && def ? geojsonToTable(def, buffer.toString('utf8')) : await readTable(buffer);
      } catch (err) {
        if (err instanceof TableFormatError) throw new CliError(err.message, EXIT.usage);
        throw err;
      }
      process.stderr.write(`读取 ${table.rows.length} 行，校验中… / validating ${table.rows.length} rows\n`);
      const result = await withPlatform(config, 'ningan import', async (p) => {
        try {
          const options = {
            dryRun: opts.dryRun,
            source: path.basename(file),
            // Progress of a large import on stderr (stdout keeps the one result line).
            onProgress: ({ phase, done, total }: ImportProgress) => {
              process.stderr.write(
                phase === 'validated'
                  ? `已校验 validated ${done}/${total}\n`
                  : `已写入 written ${done}/${total}\n`,
              );
            },
          };
          return registry === 'enterprises'
            ? await p.services.enterprises.importEnterprises(cliActor(config), table, options)
            : await p.services.ledger.import(cliActor(config), registry, table, options);
        } catch (err) {
          if (err instanceof AppError) throw new CliError(problemsText(err), EXIT.usage);
          throw err;
        }
      });
      process.stdout.write(
        `${result.dryRun ? '预览（未写入）dry run' : '已导入 imported'}: 共 ${result.total} 行，新增 ${result.created}，更新 ${result.updated}，未变 ${result.unchanged}\n`,
      );
    });

  program
    .command('export <registry>')
    .description(`导出台账 / export a registry: ${REGISTRIES.join(', ')}`)
    .option('-f, --format <format>', 'xlsx | csv | geojson', 'xlsx')
    .option('-o, --output <file>', '输出文件（默认标准输出）/ output file (default stdout)')
    .option('--industry <industry>', `行业类别：${INDUSTRIES.join('、')}`)
    .option('--scale <scale>', ENTERPRISE_SCALES.join(' | '))
    .option('--region <code>', '乡镇/村区划代码')
    .option('--grade <grade>', '等级/状态（台账的等级键，如 red、2、可用）')
    .option(
      '--filter <field=value>',
      '按台账字段筛选，可重复 / filter by a registry field, repeatable',
      collectFilter,
      {},
    )
    .action(
      async (
        registry: string,
        opts: {
          format: string;
          output?: string;
          industry?: string;
          scale?: string;
          region?: string;
          grade?: string;
          filter: Record<string, string>;
        },
        cmd: Command,
      ) => {
        registryOf(registry);
        if (!['xlsx', 'csv', 'geojson'].includes(opts.format))
          throw new CliError(`--format 应为 xlsx、csv 或 geojson（收到 ${opts.format}）`, EXIT.usage);
        if (opts.industry && !(INDUSTRIES as readonly string[]).includes(opts.industry))
          throw new CliError(`未知的行业类别：${opts.industry}`, EXIT.usage);
        const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
        const format = opts.format as 'xlsx' | 'csv' | 'geojson';
        if (registry !== 'enterprises') {
          const buffer = await withPlatform(config, 'ningan export', async (p) => {
            try {
              return await p.services.ledger.export(
                cliActor(config),
                registry,
                { regionCode: opts.region, grade: opts.grade, ...opts.filter },
                format,
              );
            } catch (err) {
              if (err instanceof AppError) throw new CliError(problemsText(err), EXIT.usage);
              throw err;
            }
          });
          if (opts.output) fs.writeFileSync(opts.output, buffer);
          else process.stdout.write(buffer);
          return;
        }
        const buffer = await withPlatform(config, 'ningan export', (p) =>
          p.services.enterprises.exportEnterprises(
            cliActor(config),
            {
              industry: opts.industry as (typeof INDUSTRIES)[number] | undefined,
              scale: opts.scale,
              regionCode: opts.region,
            },
            opts.format as 'xlsx' | 'csv' | 'geojson',
          ),
        );
        if (opts.output) fs.writeFileSync(opts.output, buffer);
        else process.stdout.write(buffer);
      },
    );
}
