import { describe, expect, it } from 'vitest';
import {
  checkTemplate, pathSegment, SHARD_COUNT, shardOf, substituteTable, substituteUser,
} from '../../src/catalog/storage-templates.js';

function rejection(kind: 'shared' | 'user', template: string): { code: string; message: string } {
  try {
    checkTemplate(kind, template);
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error(`${template} was accepted`);
}

describe('checkTemplate', () => {
  it.each([
    ['shared', '{namespace}/{tableName}', '{namespace}/{tableName}'],
    ['shared', 'tables/{namespace}/{tableName}/', 'tables/{namespace}/{tableName}'],
    ['shared', 'ns-{namespace}/t.{tableName}', 'ns-{namespace}/t.{tableName}'],
    ['user', '{namespace}/{tableName}/{userId}', '{namespace}/{tableName}/{userId}'],
    ['user', '{shard}/{namespace}/{tableName}/{userId}', '{shard}/{namespace}/{tableName}/{userId}'],
    ['user', '{userId}/{namespace}/{tableName}', '{userId}/{namespace}/{tableName}'],
  ] as const)('%s %s is accepted', (kind, template, normalised) => {
    expect(checkTemplate(kind, template)).toBe(normalised);
  });

  it.each([
    ['user', '{namespace}/{tableName}', '{userId} is required'],
    ['shared', '{namespace}/{tableName}/{userId}', '{userId} has no value for a SHARED table'],
    ['shared', '{shard}/{namespace}/{tableName}', '{shard} has no value for a SHARED table'],
    ['shared', '{namespace}', '{tableName} is required'],
    ['user', '{tableName}/{userId}', '{namespace} is required'],
    ['shared', '{namespace}/{table}', 'unknown placeholder {table}'],
    ['shared', '{namespace}/{tableName', 'unbalanced { or }'],
    ['shared', '/abs/{namespace}/{tableName}', 'relative path'],
    ['shared', '{namespace}/../{tableName}', 'relative path'],
    ['shared', '{namespace}//{tableName}', 'relative path'],
    ['shared', '{namespace}_{tableName}', 'more than one placeholder'],
    ['shared', '{namespace}/{tableName}/{tableName}', '{tableName} appears more than once'],
    ['shared', '{namespace}\\{tableName}', 'backslashes'],
    ['user', '', 'relative path'],
  ] as const)('%s %s is refused with 22023 (%s)', (kind, template, why) => {
    const e = rejection(kind, template);
    expect(e.code).toBe('22023');
    expect(e.message).toContain(kind === 'user' ? 'USER_TABLES_TEMPLATE' : 'SHARED_TABLES_TEMPLATE');
    expect(e.message).toContain(why);
  });
});

describe('path resolution', () => {
  it('substitutes the table first and the user later, as the seed resolves partial templates', () => {
    const partial = substituteTable('{shard}/{namespace}/{tableName}/{userId}', { namespace: 'app', name: 'messages' });
    expect(partial).toBe('{shard}/app/messages/{userId}');
    expect(substituteUser(partial, 'u16385')).toBe(`${shardOf('u16385')}/app/messages/u16385`);
  });

  it('keeps a name that holds / or .. inside its own segment', () => {
    expect(pathSegment('plain_Name-1.x')).toBe('plain_Name-1.x');
    expect(pathSegment('a/b')).toBe('a%2Fb');
    expect(pathSegment('..')).toBe('%2E.');
    expect(pathSegment('.hidden')).toBe('%2Ehidden');
    expect(pathSegment('My App')).toBe('My%20App');
    expect(pathSegment('ü')).toBe('%C3%BC');
    expect(pathSegment('{userId}')).toBe('%7BuserId%7D');
    // A table named like a placeholder is not substituted a second time.
    expect(substituteUser(substituteTable('{namespace}/{tableName}/{userId}', { namespace: 'a', name: '{userId}' }), 'u1'))
      .toBe('a/%7BuserId%7D/u1');
  });

  it('puts a user in the same shard every time, one of SHARD_COUNT', () => {
    const shards = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = shardOf(`u${i}`);
      expect(shardOf(`u${i}`)).toBe(s);
      expect(s).toMatch(/^shard_\d+$/);
      expect(Number(s.slice(6))).toBeLessThan(SHARD_COUNT);
      shards.add(s);
    }
    expect(shards.size).toBe(SHARD_COUNT);
  });
});
