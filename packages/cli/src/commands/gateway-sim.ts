/**
 * `ningan gateway-sim`: the 演示/测试用网关模拟器 (gateway simulator — it sends nothing to anyone) as its own
 * process: SMS, loudspeaker, webhook and SMTP endpoints that record every message (de-duplicated by
 * idempotency key), post receipts back to the platform and can be told to fail, be slow, be down or cap
 * their rate (`POST /control`). The bench's crash test runs it standalone so it outlives the platform.
 */
import { startGatewaySim } from '@ningan/server';
import type { Command } from 'commander';
import { CliError, EXIT } from '../exit.ts';

interface GatewaySimOptions {
  port: string;
  host: string;
  platform?: string;
  secret?: string;
  record?: string;
  rate?: string;
  receiptDelay?: string;
  failRate?: string;
}

export function registerGatewaySim(program: Command): void {
  program
    .command('gateway-sim')
    .description(
      '演示/测试用网关模拟器（短信、大喇叭、Webhook、SMTP；不真正发送）/ gateway simulator (demo and tests only)',
    )
    .option('--port <n>', '端口 / HTTP port (SMTP on port + 1)', '18790')
    .option('--host <host>', '监听地址 / listen address', '127.0.0.1')
    .option('--platform <url>', '平台地址（回执与上行短信）/ platform base URL for receipts and inbound SMS')
    .option('--secret <s>', '网关共享密钥 / shared secret (x-gateway-secret)', process.env.GATEWAY_SECRET)
    .option('--record <file>', '每条消息追加一行 JSON / append each message as a JSON line')
    .option('--rate <n>', '每秒接收上限，0 不限 / messages per second accepted, 0 = no cap', '0')
    .option('--receipt-delay <ms>', '回执延迟 / receipt delay, ms', '500')
    .option('--fail-rate <f>', '失败比例 0–1 / fraction of requests failed', '0')
    .action(async (o: GatewaySimOptions) => {
      const port = Number(o.port);
      const rate = Number(o.rate);
      const receiptDelayMs = Number(o.receiptDelay);
      const failRate = Number(o.failRate);
      const problems: string[] = [];
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        problems.push(`--port ${o.port}: 应为 0–65535`);
      if (!Number.isFinite(rate) || rate < 0) problems.push(`--rate ${o.rate}: 应为不小于 0 的数`);
      if (!Number.isFinite(receiptDelayMs) || receiptDelayMs < 0)
        problems.push(`--receipt-delay ${o.receiptDelay}: 应为不小于 0 的毫秒数`);
      if (!(failRate >= 0 && failRate <= 1)) problems.push(`--fail-rate ${o.failRate}: 应为 0–1`);
      if (o.platform && !/^https?:\/\//.test(o.platform))
        problems.push(`--platform ${o.platform}: 应为 http(s) 地址`);
      if (problems.length) throw new CliError(problems.join('\n'), EXIT.usage);
      const sim = await startGatewaySim({
        port,
        host: o.host,
        platformUrl: o.platform?.replace(/\/$/, '') ?? null,
        secret: o.secret ?? '',
        recordFile: o.record ?? null,
        control: { ratePerSecond: rate, receiptDelayMs, failRate },
        log: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(
        `  GET ${sim.url}/stats · GET ${sim.url}/messages · POST ${sim.url}/control · POST ${sim.url}/reply\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.stop();
    });
}
