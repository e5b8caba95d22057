/** `ningan start`: every role in one process — migrations, preparation, the HTTP server. */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { describeMqtt, startIngestRuntime, type IngestRuntime } from '../ingest/runtime.ts';
import type { MqttRunning } from '../ingest/mqtt.ts';
import { startBaselineSimulator, type BaselineSimulator } from '../simulator/baseline.ts';
import { startGatewaySim, type GatewaySim } from '../dissemination/gateway-sim.ts';
import { startDisseminationRuntime, type DisseminationRuntime } from '../dissemination/runtime.ts';
import { startCommandScheduler, type CommandScheduler } from '../command/scheduler.ts';
import { startAckLadder, type AckLadder } from '../command/ack-ladder.ts';
import { startNoticeSender, type NoticeSender } from '../command/notice-sender.ts';
import { buildApp, openPlatform, prepareInstallation, type Platform, type Prepared } from './platform.ts';

export interface StartOptions {
  demo: boolean;
  /** Where human-facing start-up lines go (stdout by default). */
  print?: (line: string) => void;
}

export interface Running {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  prepared: Prepared;
  /** The MQTT ingest (embedded broker or external subscription), null when MQTT_ENABLED=false. */
  mqtt: MqttRunning | null;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`端口 ${port} 已被占用 / port ${port} is already in use. 请用 --port 或 PORT 指定其他端口。`);
    this.name = 'PortInUseError';
  }
}

export async function startServer(config: Config, options: StartOptions): Promise<Running> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = performance.now();
  const platform = await openPlatform(config, { command: 'ningan start' });
  let app: FastifyInstance | null = null;
  let ingest: IngestRuntime | null = null;
  let simulator: BaselineSimulator | null = null;
  let gatewaySim: GatewaySim | null = null;
  let dissemination: DisseminationRuntime | null = null;
  let commandScheduler: CommandScheduler | null = null;
  let ackLadder: AckLadder | null = null;
  let noticeSender: NoticeSender | null = null;
  try {
    const prepared = await prepareInstallation(platform, { demo: options.demo });
    app = await buildApp(platform.services, platform.log);
    // Everything is running before HTTP listens, and the banner is printed in the same turn as the
    // listen completes: whoever sees /api/health answer can already read the URL and the accounts.
    ingest = await startIngestRuntime({
      db: platform.database.db,
      clock: () => new Date(),
      config,
      log: platform.log,
      ingest: platform.services.ingest,
      connectors: platform.services.monitoring.connectors,
      alarms: platform.services.alarmRuntime,
    });
    platform.services.deviceBroker.attach(ingest.mqtt);
    // The demo fleet's baseline readings over real MQTT (演示模拟器; connects in the background).
    simulator = startBaselineSimulator({ config, demo: options.demo, mqtt: ingest.mqtt, log: platform.log });
    // Warning dissemination (fan-out, dispatcher, 叫应). Demo mode without configured gateways: the
    // 演示/测试用网关模拟器 in-process, every adapter pointed at it.
    const d = config.dissemination;
    const gatewaySecret = await platform.services.dissemination.gatewaySecret();
    if (options.demo && !d.smsGatewayUrl && !d.broadcastGatewayUrl && !d.smtpUrl) {
      const simOptions = (port: number) => ({
        port,
        platformUrl: d.publicBaseUrl ?? `http://127.0.0.1:${config.port}`,
        secret: gatewaySecret,
        control: { ratePerSecond: d.simulator.rate, receiptDelayMs: d.simulator.receiptDelayMs },
      });
      try {
        gatewaySim = await startGatewaySim(simOptions(d.simulator.port));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        // Another demo instance (or anything else) holds GATEWAY_SIM_PORT: any free ports, printed below.
        platform.log.warn({ port: d.simulator.port }, 'gateway simulator port in use; using free ports');
        gatewaySim = await startGatewaySim(simOptions(0));
      }
    }
    dissemination = await startDisseminationRuntime(
      {
        db: platform.database.db,
        clock: () => new Date(),
        config,
        log: platform.log,
        events: {
          broadcast: (event, data, regionCode) =>
            platform.services.live.publishWarning(event, data, regionCode),
          pushToUser: (userId, event, data) => platform.services.live.pushToUser(userId, event, data),
        },
      },
      {
        gatewaySecret,
        gateways: gatewaySim
          ? {
              sms: `${gatewaySim.url}/sms`,
              broadcast: `${gatewaySim.url}/broadcast`,
              smtp: gatewaySim.smtpPort ? `smtp://127.0.0.1:${gatewaySim.smtpPort}?tls=off` : null,
            }
          : {},
        onProgress: (ids) => platform.services.dissemination.noteProgress(ids),
      },
    );
    // The command SMS notices (issue #6: 叫应, deadlines, chases, tasks, sitreps) through the same SMS gateway.
    noticeSender = await startNoticeSender({
      db: platform.database.db,
      clock: () => new Date(),
      config,
      log: platform.log,
      gatewaySecret,
      smsUrl: gatewaySim ? `${gatewaySim.url}/sms` : null,
    });
    // The reporting deadlines and the nil-report chase (issue #6): durable, picks up what a restart missed.
    commandScheduler = startCommandScheduler({
      db: platform.database.db,
      clock: () => new Date(),
      config,
      log: platform.log,
      bus: platform.services.commandBus,
    });
    // The HQ 叫应 ladder of plan activations (issue #6 part 5): durable by the acks' due_at.
    ackLadder = startAckLadder({
      db: platform.database.db,
      clock: () => new Date(),
      config,
      log: platform.log,
      bus: platform.services.commandBus,
      pushToUser: (userId, data) => platform.services.live.pushToUser(userId, 'call', data),
    });
    const demo = await platform.services.bootstrap.demoAccounts();
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(config.port);
      throw err;
    }
    const url = `http://localhost:${config.port}`;
    print('');
    print(
      `宁安 Ning'an ${platform.services.version} 已启动 / started in ${Math.round(performance.now() - started)} ms`,
    );
    print(`  控制台 Console : ${url}`);
    print(`  接口文档 API   : ${url}/api/docs`);
    print(`  数据库 Database: ${platform.database.location}`);
    for (const line of describeMqtt(ingest.mqtt)) print(line);
    for (const line of simulator.lines) print(line);
    if (gatewaySim)
      print(
        `  预警网关 Gateway : 演示/测试用网关模拟器 ${gatewaySim.url}（/messages 查看已“发送”的消息，不会真正发出）`,
      );
    for (const c of prepared.createdAdmins)
      print(
        `  首次创建账号 ${c.username}（${c.role}）口令: ${c.password}${c.generated ? '   ← 仅显示这一次，请妥善保存 / shown once' : ''}`,
      );
    if (demo.length) {
      print('  演示账号 Demo accounts (演示数据, demo only):');
      for (const d of demo) print(`    ${d.username.padEnd(12)} ${d.role.padEnd(20)} ${d.password}`);
    }
    print('');
    const running: Running = {
      app,
      platform,
      url,
      prepared,
      mqtt: ingest.mqtt,
      stop: async () => {
        await ackLadder?.stop();
        await commandScheduler?.stop();
        await noticeSender?.stop();
        await dissemination?.stop();
        await gatewaySim?.stop();
        await simulator?.stop();
        await ingest!.stop();
        await app!.close();
        await platform.close();
      },
    };
    return running;
  } catch (err) {
    if (ackLadder) await ackLadder.stop();
    if (commandScheduler) await commandScheduler.stop();
    if (noticeSender) await noticeSender.stop();
    if (dissemination) await dissemination.stop();
    if (gatewaySim) await gatewaySim.stop();
    if (simulator) await simulator.stop();
    if (ingest) await ingest.stop();
    if (app) await app.close();
    await platform.close();
    throw err;
  }
}
