/** One icon per registry, shared by the menu and the ledger home cards. */
import type { ReactNode } from 'react';
import {
  AlertOutlined,
  BankOutlined,
  BuildOutlined,
  CarOutlined,
  CloudOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FireOutlined,
  FlagOutlined,
  HomeOutlined,
  NodeIndexOutlined,
  SafetyOutlined,
  SolutionOutlined,
  TableOutlined,
  TeamOutlined,
  ToolOutlined,
  WarningOutlined,
} from '@ant-design/icons';

const ICONS: Record<string, ReactNode> = {
  'hazard-sources': <ExperimentOutlined />,
  'risk-points': <WarningOutlined />,
  wells: <DatabaseOutlined />,
  pipelines: <NodeIndexOutlined />,
  'special-equipment': <ToolOutlined />,
  'crowded-places': <BankOutlined />,
  'fire-units': <FireOutlined />,
  'exposed-assets': <SafetyOutlined />,
  'geo-hazards': <AlertOutlined />,
  'flood-zones': <CloudOutlined />,
  'forest-areas': <EnvironmentOutlined />,
  'rescue-teams': <TeamOutlined />,
  experts: <SolutionOutlined />,
  equipment: <CarOutlined />,
  warehouses: <BuildOutlined />,
  shelters: <HomeOutlined />,
  plans: <FileProtectOutlined />,
  drills: <FlagOutlined />,
};

/** The registry's icon (a generic table icon for a registry added later without one). */
export function registryIcon(key: string): ReactNode {
  return ICONS[key] ?? <TableOutlined />;
}
