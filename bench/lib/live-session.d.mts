// Types of live-session.mjs for the TypeScript tests that drive the bench's subscribers and writer.
import type pg from 'pg';
import type { LiveChange, LiveSubscription } from './live-plan.mjs';
export interface LiveServer { host: string; port: number; user: string; database: string; clientEnv: { PGPASSWORD?: string } }
export interface LiveSide {
  setupSql: string;
  subscribe(client: pg.Client, sub: LiveSubscription): Promise<string>;
  registered(admin: pg.Client, subs: readonly LiveSubscription[]): Promise<void>;
}
export const liveSides: { 'kalamdb-pg': LiveSide; postgres: LiveSide };
export interface Subscribers {
  notices: string[];
  subscribeMs: number;
  readonly stray: number;
  readonly total: number;
  close(): Promise<unknown>;
}
export function openClient(server: LiveServer): Promise<pg.Client>;
export function subscribeAll(server: LiveServer, side: LiveSide, subs: readonly LiveSubscription[], connections: number, arrive: (k: number, payload: string, at: number) => void): Promise<Subscribers>;
export function writeChanges(client: pg.Client, changes: readonly LiveChange[], rate: number): Promise<{ sentAt: Float64Array; ackAt: Float64Array; seconds: number; rate: number; maxLateMs: number }>;
export function drain(subscribers: Subscribers, expected: number, quietMs: number): Promise<number>;
