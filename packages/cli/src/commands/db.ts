import { prepareInstallation } from '@ningan/server';
import type { Command } from 'commander';
import { configFrom, withPlatform, type GlobalFlags } from '../context.ts';

export function registerDb(program: Command): void {
  program
    .command('migrate')
    .description('应用数据库迁移 / apply database migrations (also done by start)')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
      const location = await withPlatform(config, 'ningan migrate', (p) =>
        Promise.resolve(p.database.location),
      );
      process.stdout.write(`数据库已是最新 / migrations applied: ${location}\n`);
    });

  program
    .command('seed')
    .description(
      '加载区划数据包与组织机构；--demo 另建演示数据 / load the region pack and organisation; --demo adds demo data',
    )
    .option('--demo', '创建演示账号与演示联系人（标注为演示数据）/ create labelled demo data', false)
    .action(async (opts: { demo: boolean }, cmd: Command) => {
      const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
      await withPlatform(config, 'ningan seed', async (p) => {
        const r = await prepareInstallation(p, { demo: opts.demo });
        const say = (s: string) => process.stdout.write(`${s}\n`);
        say(`区划数据包 region pack: ${r.regionPackLoaded ? '已加载 loaded' : '已是最新 up to date'}`);
        say(`组织机构 organisation: ${r.orgTemplateLoaded ? '已创建 created' : '已存在 present'}`);
        for (const c of r.createdAdmins) say(`首次创建账号 ${c.username}（${c.role}）口令: ${c.password}`);
        if (opts.demo) say(`演示数据 demo data: ${r.demoSeeded ? '已创建 created' : '已存在 present'}`);
      });
    });
}
