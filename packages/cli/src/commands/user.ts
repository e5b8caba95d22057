import { AppError, ROLES, type Role, type Scope } from '@ningan/domain';
import type { Command } from 'commander';
import { readStdin } from '../stdin.ts';
import { cliActor, configFrom, withPlatform, type GlobalFlags } from '../context.ts';
import { CliError, EXIT } from '../exit.ts';

function parseScope(value: string): Scope {
  const [level, code, orgUnitId] = value.split(':');
  if (!level || !code)
    throw new CliError(
      `--scope 格式应为 level:regionCode[:orgUnitId]，例如 township:621026101（收到 ${value}）`,
      EXIT.usage,
    );
  return { level: level as Scope['level'], regionCode: code, orgUnitId: orgUnitId ?? null };
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('账号管理 / accounts');
  user
    .command('create')
    .description('新建账号（本地运维操作，记入审计日志）/ create an account (audited as the local operator)')
    .requiredOption('-u, --username <username>', '用户名')
    .requiredOption('-r, --role <role...>', `角色 / roles: ${ROLES.join(', ')}`)
    .option('-n, --name <displayName>', '显示名 / display name')
    .option(
      '-s, --scope <scope>',
      '管辖范围 level:regionCode[:orgUnitId]，如 county:621026、township:621026101',
      '',
    )
    .option('--phone <phone>', '手机号')
    .option('--password-stdin', '从标准输入读取口令 / read the password from stdin', false)
    .action(
      async (
        opts: {
          username: string;
          role: string[];
          name?: string;
          scope: string;
          phone?: string;
          passwordStdin: boolean;
        },
        cmd: Command,
      ) => {
        const config = configFrom(cmd.optsWithGlobals<GlobalFlags>());
        const unknown = opts.role.filter((r) => !(ROLES as readonly string[]).includes(r));
        if (unknown.length)
          throw new CliError(
            `未知角色 unknown role: ${unknown.join(', ')}（可选 ${ROLES.join(', ')}）`,
            EXIT.usage,
          );
        const scope = parseScope(opts.scope || `county:${config.regionCode}`);
        const password = opts.passwordStdin
          ? (await readStdin()).replace(/\r?\n$/, '')
          : process.env.NINGAN_NEW_USER_PASSWORD;
        if (!password)
          throw new CliError(
            '请用 --password-stdin 或环境变量 NINGAN_NEW_USER_PASSWORD 提供口令',
            EXIT.usage,
          );
        await withPlatform(config, 'ningan user create', async (p) => {
          try {
            const created = await p.services.users.createUser(cliActor(config), {
              username: opts.username,
              displayName: opts.name ?? opts.username,
              password,
              phone: opts.phone ?? null,
              roles: opts.role as Role[],
              scope,
              orgUnitId: null,
            });
            process.stdout.write(
              `已创建账号 created: ${created.username} (${created.id}) roles=${created.roles.join(',')} scope=${scope.level}:${scope.regionCode}\n`,
            );
          } catch (err) {
            if (err instanceof AppError) {
              const lines = (err.details ?? []).map((d) => `  - ${d.path}: ${d.message}`);
              throw new CliError([err.message, ...lines].join('\n'), EXIT.usage);
            }
            throw err;
          }
        });
      },
    );
}
