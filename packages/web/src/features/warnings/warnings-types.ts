/**
 * The shapes the warning screens read and send: the server's zod views and requests from @ningan/domain
 * (warning/api.ts, warning/dissemination-api.ts) under the names these screens use, plus the few the
 * schemas leave open (answers).
 */
import type {
  CallBoardView,
  CallPersonView,
  CoverView,
  DeliveryView,
  MyWarningView,
  WarningAction,
  WarningArea,
  WarningCapStatus as DomainCapStatus,
  WarningHazard,
  WarningLevel,
  WarningMsgType as DomainMsgType,
  WarningPhase,
  WarningPreviewView,
  WarningState,
} from '@ningan/domain';

export type {
  CreateWarningRequest,
  ExternalWarningView,
  IngestExternalWarningResult,
  PublicCallView,
  PublicWarningList,
  PublicWarningView,
  UpdateWarningRequest,
  WarningDetail,
  WarningPreviewRequest,
  WarningProgress,
  WarningView,
} from '@ningan/domain';

export type WarningLevelKey = WarningLevel;
export type WarningHazardKey = WarningHazard;
export type WarningCapStatus = DomainCapStatus;
export type WarningMsgType = DomainMsgType;
export type WarningStateKey = WarningState;
export type WarningPhaseKey = WarningPhase;
export type WarningActionName = WarningAction;
/** Targeting as drawn/chosen (WGS84 lon/lat; polygons closed; radius in km). */
export type WarningTargetArea = WarningArea;
export type Cover = CoverView;
export type CallBoard = CallBoardView;
export type CallPerson = CallPersonView;
export type DeliveryRow = DeliveryView;
export type InboxItem = MyWarningView;
export type WarningPreview = WarningPreviewView;

export interface WarningListPage {
  items: import('@ningan/domain').WarningView[];
  total: number;
}

export interface DeliveryPage {
  items: DeliveryRow[];
  total: number;
}

/** What an answer to a 叫应 call returns (read only for its time, when given). */
export interface CallAnswerResult {
  answeredAt?: string | null;
}
