// Types of live-check.mjs for the TypeScript tests that reuse the bench's exactly-once check.
import type { ExpectedDelivery, LiveChange, LiveSubscription } from './live-plan.mjs';
export interface LatencySummary { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }
export interface Arrival { payload: string; at: number }
export interface DeliveryResult {
  expected: number; received: number; missing: number; duplicate: number; unexpected: number;
  outOfOrder: number; wrongRow: number; unreadable: number;
  exactlyOnce: boolean;
  liveQueriesWithProblems: number;
  counts: [number, number][];
  perLiveQuery: { expectedMin: number; expectedMax: number; receivedMin: number; receivedMax: number };
  examples: string[];
  latencyFromSendMs: LatencySummary;
  latencyFromAckMs: LatencySummary;
}
export function latencySummary(values: readonly number[]): LatencySummary;
export interface DeliveryPlan {
  subs: readonly LiveSubscription[];
  changes: readonly LiveChange[];
  expectedCounts: readonly number[];
}
export class DeliveryCheck {
  constructor(plan: DeliveryPlan);
  readonly total: number;
  arrive(k: number, payload: string, at: number): void;
  result(sentAt: ArrayLike<number>, ackAt: ArrayLike<number>): DeliveryResult;
}
export function checkDeliveries(input: {
  subs: readonly LiveSubscription[];
  changes: readonly LiveChange[];
  expected: readonly (readonly ExpectedDelivery[])[];
  received: readonly (readonly Arrival[])[];
  sentAt: ArrayLike<number>;
  ackAt: ArrayLike<number>;
}): DeliveryResult;
