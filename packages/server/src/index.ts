/** The server's public entry points (used by the CLI and tests). */
export { loadConfig, ConfigError, type Config } from './config.ts';
export { openDatabase, type Database } from './db/client.ts';
export { DataDirLockedError } from './db/lock.ts';
export {
  openPlatform,
  prepareInstallation,
  createServices,
  buildApp,
  type Platform,
} from './main/platform.ts';
export { startServer, PortInUseError, type Running } from './main/start.ts';
export { DEMO_PASSWORD } from './services/bootstrap.service.ts';
export { readRegionPack } from './services/regions.service.ts';
export { actorOf } from './services/auth.service.ts';
export { getUserByUsername } from './repositories/users.repository.ts';
export { VERSION } from './version.ts';
export { readTable, TableFormatError } from './lib/table-reader.ts';
export { geojsonToTable } from './services/ledger-sheet.ts';
export {
  seedSyntheticEnterprises,
  syntheticEnterpriseSheet,
  type SyntheticRange,
} from './services/bench-data.service.ts';
export { adminQuery, createDatabaseSql, dropDatabaseSql, databaseUrl } from './test/pg.ts';
export {
  demoDevicesPath,
  readBrokerFile,
  readDemoDevices,
  SimulatorFileError,
  type DemoDevice,
} from './simulator/devices.ts';
export { DemoSimulator, SimulatorLeaseError } from './simulator/simulator.ts';
export {
  isScenarioName,
  scenarioEndsAt,
  scenarioSettings,
  SCENARIO_DEFS,
  SCENARIOS,
  type ScenarioName,
  type ScenarioSettings,
} from './simulator/scenarios.ts';
export { scenarioStatus } from './simulator/status.ts';
export { localBrokerUrl } from './simulator/baseline.ts';
export {
  startGatewaySim,
  type GatewaySim,
  type SimControl,
  type SimMessage,
  type SimStats,
} from './dissemination/gateway-sim.ts';
export { generateBenchSubscribers } from './db/seed/warnings-demo.ts';
export { insertSubscribersBulk } from './repositories/warning-deliveries.repository.ts';
export { listChildRegions } from './repositories/regions.repository.ts';
