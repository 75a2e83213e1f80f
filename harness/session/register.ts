// XEP-0077 in-band registration, used by `run --register` to create fresh test accounts.
import type { Account, ResolvedTarget } from '../config.js';
import { ExpectationError, HarnessError } from '../errors.js';
import { child, type XmlElement } from '../xml/index.js';
import { describe, el } from '../xml/index.js';
import { NS_REGISTER } from '../xml/index.js';
import { offersStarttls } from './features.js';
import { Session } from './session.js';

export async function registerAccount(target: ResolvedTarget, local: string, password: string, timeout: number): Promise<Account> {
  const s = await Session.connect({ target, timeout, actor: 'register' });
  try {
    await s.openWithFeatures();
    if (!s.secure && s.features && offersStarttls(s.features)) await s.starttls();
    const res: XmlElement = await s.iq(
      el('iq', { type: 'set', to: target.domain }, el('query', { xmlns: NS_REGISTER }, el('username', {}, local), el('password', {}, password))),
    );
    if (res.attrs['type'] !== 'result') {
      const err = child(res, 'error');
      throw new HarnessError('EXPECTATION', `in-band registration of ${local}@${target.domain} refused: ${err ? describe(err) : describe(res)}`);
    }
    return { jid: `${local}@${target.domain}`, local, domain: target.domain, password };
  } catch (e) {
    if (e instanceof ExpectationError) throw new HarnessError('EXPECTATION', `in-band registration failed: ${e.message}`);
    throw e;
  } finally {
    s.close();
    s.destroy();
  }
}
