import { buildApp, loadConfig, openDatabase, openPlatform } from '@ningan/server';
import type { Command } from 'commander';
import pino from 'pino';

/** Prints the OpenAPI document (committed as docs/openapi.json; an e2e test keeps the two equal). */
export function registerOpenApi(program: Command): void {
  program
    .command('openapi')
    .description('输出 OpenAPI 文档 / print the OpenAPI document')
    .action(async () => {
      // Describing routes needs no data: an empty in-memory database, never the installation's.
      const database = await openDatabase({
        databaseUrl: null,
        dataDir: '',
        command: 'ningan openapi',
        memory: true,
        migrate: false,
      });
      const log = pino({ level: 'silent' });
      const platform = await openPlatform(loadConfig({}), { command: 'ningan openapi', database, log });
      const app = await buildApp(platform.services, log);
      await app.ready();
      process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
      await app.close();
      await platform.close();
    });
}
