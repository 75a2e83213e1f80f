// Drives npm's @xmpp/client as the client under test for `xmpp-conformance serve --client-cmd`:
// it logs in with the XC_* environment variables, sends initial presence, fetches its roster, sends
// a chat message to its own bare JID (so the passive cases see a message built by the library) and
// stays online until serve stops it. Trust for serve's CA comes from NODE_EXTRA_CA_CERTS, which has
// to be set before node starts:
//   --client-cmd 'NODE_EXTRA_CA_CERTS="$XC_CA_FILE" node test/support/clients/xmpp-js-client.mjs'
// The library's defaults stay as they are (its own mechanism choice, TLS checks, see-other-host);
// only the automatic reconnect is stopped, so that each case sees the connections it caused.
import { client, xml } from '@xmpp/client';

const env = process.env;
for (const k of ['XC_HOST', 'XC_PORT', 'XC_DOMAIN', 'XC_USERNAME', 'XC_PASSWORD']) {
  if (!env[k]) {
    console.error(`xmpp-js-client: ${k} is not set (run me from xmpp-conformance serve --client-cmd)`);
    process.exit(2);
  }
}

const xmpp = client({
  service: `xmpp://${env.XC_HOST}:${env.XC_PORT}`,
  domain: env.XC_DOMAIN,
  username: env.XC_USERNAME,
  password: env.XC_PASSWORD,
  resource: env.XC_RESOURCE,
});
xmpp.reconnect.stop();

xmpp.on('error', (err) => console.error(`xmpp-js-client: error: ${err.condition ?? ''} ${err.message}`));
xmpp.on('offline', () => {
  console.error('xmpp-js-client: offline');
  process.exit(0);
});
xmpp.on('online', async (address) => {
  console.error(`xmpp-js-client: online as ${address}`);
  try {
    await xmpp.send(xml('presence'));
    await xmpp.iqCaller.get(xml('query', 'jabber:iq:roster'));
    await xmpp.send(xml('message', { type: 'chat', to: env.XC_JID ?? address.bare().toString() }, xml('body', {}, 'xmpp-conformance: a note to self')));
  } catch (err) {
    console.error(`xmpp-js-client: ${err.message}`);
  }
});

process.on('SIGTERM', () => {
  xmpp
    .stop()
    .catch(() => undefined)
    .finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});

xmpp.start().catch((err) => console.error(`xmpp-js-client: start failed: ${err.message}`));
