// Types of live-plan.mjs for the TypeScript tests that reuse the bench's workload.
export interface LiveRow { id: number; topic: number; val: number; seq: number }
export interface LiveSubscription { index: number; where: string | null; topics: number[] | null; valBelow: number | null }
export interface LiveChange { i: number; kind: 'insert' | 'update' | 'delete'; id: number; old: LiveRow | null; row: LiveRow | null }
export interface ExpectedDelivery { i: number; kind: 'insert' | 'update' | 'delete' }
export const LIVE_TABLE: string;
export const LIVE_TABLE_SQL: string;
export function liveSubscription(index: number, topics: number): LiveSubscription;
export function liveSubscriptions(count: number, topics?: number): LiveSubscription[];
export function matches(sub: LiveSubscription, row: LiveRow | null): boolean;
export function liveChanges(count: number, options?: { topics?: number; seed?: number }): LiveChange[];
export function changeSql(c: LiveChange): string;
export function notificationKind(sub: LiveSubscription, c: LiveChange): ExpectedDelivery['kind'] | null;
export function expectedDeliveries(subs: readonly LiveSubscription[], changes: readonly LiveChange[]): ExpectedDelivery[][];
