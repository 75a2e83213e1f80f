// Every case proves it can fail: against a faithful fake peer it passes, against a peer that
// breaks exactly its rule it fails. A case without a control here fails the first test.
import { expect } from 'chai';
import { allCases } from '../../suites/index.js';
import { describeControls } from '../support/control.js';
import { STREAM_CONTROLS } from './stream/controls.js';
import { TLS_CONTROLS } from './tls/controls.js';
import { SASL_CONTROLS } from './sasl/controls.js';
import { BIND_CONTROLS } from './bind/controls.js';
import { STANZA_CONTROLS } from './stanza/controls.js';
import { IM_CONTROLS } from './im/controls.js';
import { ADDRESS_CONTROLS } from './address/controls.js';
import { CLIENT_CONTROLS } from './client/controls.js';
import { describeClientControls } from '../support/client-control.js';
import { S2S_CONTROLS } from './s2s/controls.js';
import { describeS2sControls } from '../support/s2s-control.js';
import { COMPONENT_CONTROLS } from './component/controls.js';
import { describeComponentControls } from '../support/component-control.js';
import { DISCO_CONTROLS } from './disco/controls.js';
import { PEP_CONTROLS } from './pep/controls.js';

const ALL: Readonly<Record<string, unknown>> = { ...STREAM_CONTROLS, ...TLS_CONTROLS, ...SASL_CONTROLS, ...BIND_CONTROLS, ...STANZA_CONTROLS, ...IM_CONTROLS, ...ADDRESS_CONTROLS, ...CLIENT_CONTROLS, ...S2S_CONTROLS, ...COMPONENT_CONTROLS, ...DISCO_CONTROLS, ...PEP_CONTROLS };

describe('negative controls', function () {
  this.timeout(30_000);

  it('every case has a negative control, and every control names a case', () => {
    const ids = allCases.map((c) => c.id);
    expect(ids.filter((id) => !(id in ALL)), 'cases without a control').to.deep.equal([]);
    expect(Object.keys(ALL).filter((id) => !ids.includes(id)), 'controls without a case').to.deep.equal([]);
  });

  describe('stream', () => describeControls(STREAM_CONTROLS));
  describe('tls', () => describeControls(TLS_CONTROLS));
  describe('sasl', () => describeControls(SASL_CONTROLS));
  describe('bind', () => describeControls(BIND_CONTROLS));
  describe('stanza', () => describeControls(STANZA_CONTROLS));
  describe('im', () => describeControls(IM_CONTROLS));
  describe('address', () => describeControls(ADDRESS_CONTROLS));
  describe('client', () => describeClientControls(CLIENT_CONTROLS));
  describe('s2s', () => describeS2sControls(S2S_CONTROLS));
  describe('component', () => describeComponentControls(COMPONENT_CONTROLS));
  describe('disco', () => describeControls(DISCO_CONTROLS));
  describe('pep', () => describeControls(PEP_CONTROLS));
});
