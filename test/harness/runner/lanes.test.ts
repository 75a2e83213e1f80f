// The run's schedule (harness/runner/lanes.ts): concurrency, account sets, locks, and the order.
import { expect } from 'chai';
import { laneNeedsOf, runLanes, type HeldSlots, type LaneNeeds } from '../../../harness/runner/lanes.js';
import { accountSets, scheduleOrder } from '../../../harness/runner/run.js';
import { allCases } from '../../../suites/index.js';
import type { Account } from '../../../harness/config.js';

interface Item {
  readonly id: string;
  readonly needs: LaneNeeds;
}

const item = (id: string, accounts: LaneNeeds['accounts'], locks: string[] = []): Item => ({ id, needs: { accounts, locks } });

/** Runs the items with jobs that take `ms` each; records what overlapped. */
async function simulate(items: Item[], concurrency: number, sets: number, ms = 5, slots: Record<string, number> = {}) {
  const active = new Map<string, { set: number; needs: LaneNeeds; held: HeldSlots }>();
  const violations: string[] = [];
  const started: string[] = [];
  const slotsSeen = new Map<string, Set<number>>();
  let peak = 0;
  await runLanes(items, { concurrency, sets, needs: (i) => i.needs, slots }, async (i, set, held) => {
    started.push(i.id);
    for (const l of i.needs.locks) {
      const slot = held.get(l);
      if (slot === undefined || slot < 0 || slot >= (slots[l] ?? 1)) violations.push(`${i.id} holds no valid slot of ${l} (${slot})`);
      else slotsSeen.set(l, (slotsSeen.get(l) ?? new Set()).add(slot));
    }
    for (const [id, a] of active) {
      if (i.needs.locks.some((l) => a.needs.locks.includes(l) && held.get(l) === a.held.get(l))) violations.push(`${i.id} and ${id} hold one lock slot`);
      if (a.set === set && (i.needs.accounts === 'own' || a.needs.accounts === 'own') && i.needs.accounts !== 'none' && a.needs.accounts !== 'none')
        violations.push(`${i.id} and ${id} share set ${set}`);
    }
    active.set(i.id, { set, needs: i.needs, held });
    peak = Math.max(peak, active.size);
    await new Promise((r) => setTimeout(r, ms));
    active.delete(i.id);
  });
  return { violations, started, peak, slotsSeen };
}

describe('runLanes', () => {
  it('runs every item once, never more than the concurrency at a time', async () => {
    const items = Array.from({ length: 30 }, (_, i) => item(`r${i}`, 'read'));
    const r = await simulate(items, 4, 1);
    expect([...r.started].sort()).to.deep.equal(items.map((i) => i.id).sort());
    expect(r.peak).to.equal(4);
  });

  it('gives an owner a set nobody else uses meanwhile, and holds each lock for one item', async () => {
    const items = [
      ...Array.from({ length: 10 }, (_, i) => item(`s2s${i}`, 'none', ['s2s'])),
      ...Array.from({ length: 20 }, (_, i) => item(`own${i}`, 'own')),
      ...Array.from({ length: 5 }, (_, i) => item(`comp${i}`, 'own', ['component'])),
      ...Array.from({ length: 20 }, (_, i) => item(`read${i}`, 'read')),
    ];
    const r = await simulate(items, 8, 4);
    expect(r.violations).to.deep.equal([]);
    expect(r.started).to.have.length(items.length);
    expect(r.peak).to.be.greaterThan(3);
  });

  it('lets as many items hold a lock as it has slots, each in a slot no other holder has', async () => {
    const items = [
      ...Array.from({ length: 12 }, (_, i) => item(`s2s${i}`, 'none', ['s2s'])),
      ...Array.from({ length: 4 }, (_, i) => item(`comp${i}`, 'none', ['component'])),
    ];
    const r = await simulate(items, 8, 1, 5, { s2s: 3 });
    expect(r.violations).to.deep.equal([]);
    expect(r.peak).to.equal(4);
    expect([...(r.slotsSeen.get('s2s') ?? [])].sort()).to.deep.equal([0, 1, 2]);
    expect([...(r.slotsSeen.get('component') ?? [])]).to.deep.equal([0]);
  });

  it('with one set, owners run one at a time and never beside a reader', async () => {
    const items = [...Array.from({ length: 6 }, (_, i) => item(`read${i}`, 'read')), ...Array.from({ length: 6 }, (_, i) => item(`own${i}`, 'own'))];
    const r = await simulate(items, 8, 1);
    expect(r.violations).to.deep.equal([]);
  });

  it('at concurrency 1 runs the items in the order given', async () => {
    const items = [item('a', 'own'), item('b', 'none', ['s2s']), item('c', 'read'), item('d', 'own')];
    const r = await simulate(items, 1, 3);
    expect(r.started).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('passes on a job that throws', async () => {
    let err: unknown;
    await runLanes([1, 2, 3], { concurrency: 2, sets: 1, needs: () => ({ accounts: 'read', locks: [] }) }, async (n) => {
      if (n === 2) throw new Error('boom');
    }).catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/boom/);
  });
});

describe('the run schedule of the catalog', () => {
  const server = allCases.filter((d) => d.role !== 'client');

  it('no case needs more accounts than a set holds (three)', () => {
    expect(server.filter((d) => (d.needs?.accounts ?? 0) > 3).map((d) => d.id)).to.deep.equal([]);
  });

  it('every s2s case holds the s2s lock and every component case the component lock', () => {
    expect(server.filter((d) => d.area === 's2s' && !laneNeedsOf(d).locks.includes('s2s')).map((d) => d.id)).to.deep.equal([]);
    expect(server.filter((d) => d.area === 'component' && !laneNeedsOf(d).locks.includes('component')).map((d) => d.id)).to.deep.equal([]);
  });

  it('keeps the old order at concurrency 1: the cases that change no shared state first', () => {
    const order = scheduleOrder(server, 1, 8);
    const firstSerial = order.findIndex((d) => d.needs?.serial);
    expect(order.slice(firstSerial).every((d) => d.needs?.serial)).to.equal(true);
  });

  it('offers the locked chains first in parallel', () => {
    const order = scheduleOrder(server, 8, 8);
    expect(laneNeedsOf(order[0] as (typeof order)[number]).locks.length).to.be.greaterThan(0);
  });

  it('starts the known deviations first within each group in parallel, and leaves concurrency 1 as it was', () => {
    const owners = server.filter((d) => laneNeedsOf(d).accounts === 'own' && laneNeedsOf(d).locks.length === 0);
    const late = owners[owners.length - 1] as (typeof owners)[number];
    const known = (id: string): boolean => id === late.id;
    const order = scheduleOrder(server, 8, 8, known);
    const firstOwner = order.findIndex((d) => laneNeedsOf(d).accounts === 'own' && laneNeedsOf(d).locks.length === 0);
    expect(order[firstOwner]?.id, 'the first case that owns a set').to.equal(late.id);
    expect(order.filter((d) => laneNeedsOf(d).locks.length > 0).length, 'the locked chains still come first').to.equal(firstOwner);
    expect(scheduleOrder(server, 1, 8, known).map((d) => d.id)).to.deep.equal(scheduleOrder(server, 1, 8).map((d) => d.id));
  });
});

describe('accountSets', () => {
  const acc = (n: number): Account[] => Array.from({ length: n }, (_, i) => ({ jid: `u${i}@x`, local: `u${i}`, domain: 'x', password: 'p' }));
  it('one set of all accounts below two full sets', () => {
    expect(accountSets(acc(0))).to.deep.equal([[]]);
    expect(accountSets(acc(5)).map((s) => s.length)).to.deep.equal([5]);
  });
  it('sets of three in the order given, a remainder in none', () => {
    const sets = accountSets(acc(11));
    expect(sets.map((s) => s.map((a) => a.local))).to.deep.equal([
      ['u0', 'u1', 'u2'],
      ['u3', 'u4', 'u5'],
      ['u6', 'u7', 'u8'],
    ]);
  });
});
