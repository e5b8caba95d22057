import fs from 'node:fs';
import { PortInUseError, startServer } from '@ningan/server';
import type { Command } from 'commander';
import { configFrom, type GlobalFlags } from '../context.ts';
import { CliError, EXIT } from '../exit.ts';
import { DataDirLockedError } from '@ningan/server';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('启动平台（全部角色：API、Web 控制台）/ start every role in one process')
    .option('-p, --port <port>', 'HTTP 端口 / HTTP port (default: PORT or 8080)')
    .option('--no-demo', '不创建演示数据 / create no demo data')
    .action(async (opts: { port?: string; demo: boolean }, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalFlags>();
      const env = opts.port ? { PORT: opts.port } : {};
      Object.assign(process.env, env);
      const config = configFrom(flags);
      let running;
      try {
        running = await startServer(config, { demo: opts.demo });
      } catch (err) {
        if (err instanceof PortInUseError || err instanceof DataDirLockedError)
          throw new CliError(err.message, EXIT.unavailable);
        throw err;
      }
      const stop = (signal: string) => {
        process.stdout.write(`收到 ${signal}，正在停止… / stopping\n`);
        void running.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      // `ningan bench` reads the counters of the server it started: SIGUSR2 → JSON in this file.
      const statsFile = process.env.NINGAN_BENCH_STATS_FILE;
      if (statsFile)
        process.on('SIGUSR2', () => {
          const s = running.platform.services;
          const stats = { at: Date.now(), ingest: s.ingest.stats, alarms: s.alarmRuntime.stats };
          fs.writeFileSync(`${statsFile}.tmp`, JSON.stringify(stats));
          fs.renameSync(`${statsFile}.tmp`, statsFile);
        });
    });
}
