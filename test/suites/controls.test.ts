// Every case proves it can fail: against a faithful fake peer it passes, against a peer that
// breaks exactly its rule it fails. A case without a control here fails this test; each area's
// controls run from a file of their own (test/suites/<area>/controls.test.ts), so that
// `mocha --parallel` spreads them over its jobs.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCases } from '../../suites/index.js';
import { controlsPart } from '../support/control.js';
import { STREAM_CONTROLS } from './stream/controls.js';
import { TLS_CONTROLS } from './tls/controls.js';
import { SASL_CONTROLS } from './sasl/controls.js';
import { BIND_CONTROLS } from './bind/controls.js';
import { STANZA_CONTROLS } from './stanza/controls.js';
import { IM_CONTROLS } from './im/controls.js';
import { ADDRESS_CONTROLS } from './address/controls.js';
import { CLIENT_CONTROLS } from './client/controls.js';
import { S2S_CONTROLS } from './s2s/controls.js';
import { COMPONENT_CONTROLS } from './component/controls.js';
import { DISCO_CONTROLS } from './disco/controls.js';
import { PEP_CONTROLS } from './pep/controls.js';

const ALL: Readonly<Record<string, unknown>> = {
  ...STREAM_CONTROLS,
  ...TLS_CONTROLS,
  ...SASL_CONTROLS,
  ...BIND_CONTROLS,
  ...STANZA_CONTROLS,
  ...IM_CONTROLS,
  ...ADDRESS_CONTROLS,
  ...CLIENT_CONTROLS,
  ...S2S_CONTROLS,
  ...COMPONENT_CONTROLS,
  ...DISCO_CONTROLS,
  ...PEP_CONTROLS,
};

describe('negative controls', function () {
  this.timeout(30_000);

  it('every case has a negative control, and every control names a case', () => {
    const ids = allCases.map((c) => c.id);
    expect(
      ids.filter((id) => !(id in ALL)),
      'cases without a control',
    ).to.deep.equal([]);
    expect(
      Object.keys(ALL).filter((id) => !ids.includes(id)),
      'controls without a case',
    ).to.deep.equal([]);
  });

  it('every control table has a test file that runs it (test/suites/<area>/controls.test.ts)', () => {
    const suites = path.dirname(fileURLToPath(import.meta.url));
    const areas = readdirSync(suites, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(suites, d.name, 'controls.js')))
      .map((d) => d.name);
    expect(areas.length, 'areas with a control table').to.be.at.least(12);
    expect(
      areas.filter((a) => !existsSync(path.join(suites, a, 'controls.test.js'))),
      'tables no test file runs',
    ).to.deep.equal([]);
  });

  it('an area split over files runs each control once: the parts cover the table without overlap, nearly equal', () => {
    for (const table of [IM_CONTROLS, CLIENT_CONTROLS, S2S_CONTROLS, STREAM_CONTROLS] as readonly Readonly<Record<string, unknown>>[]) {
      for (const parts of [1, 2, 3, 4]) {
        const slices = Array.from({ length: parts }, (_, i) => Object.keys(controlsPart(table, i + 1, parts)));
        expect(slices.flat().sort()).to.deep.equal(Object.keys(table).sort());
        expect(Math.max(...slices.map((x) => x.length)) - Math.min(...slices.map((x) => x.length))).to.be.at.most(1);
      }
    }
  });

  it("an area's control files name the parts 1 to N of the same N, each once (controls.test.ts, controls-2.test.ts, …)", () => {
    const suites = path.dirname(fileURLToPath(import.meta.url));
    for (const area of readdirSync(suites)) {
      const dir = path.join(suites, area);
      if (!existsSync(path.join(dir, 'controls.js'))) continue;
      const calls = readdirSync(dir)
        .filter((f) => /^controls(-\d+)?\.test\.js$/.test(f))
        .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/controlsPart\(\w+, (\d+), (\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]));
      if (calls.length === 0) continue;
      const parts = calls[0]?.[1] ?? 0;
      expect(calls.map(([k, n]) => `${k} of ${n}`).sort(), `${area}: the parts its control files run`).to.deep.equal(
        Array.from({ length: parts }, (_, i) => `${i + 1} of ${parts}`).sort(),
      );
    }
  });
});
