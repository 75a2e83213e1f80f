// The verification string of XEP-0115 §5.1, on the two worked examples of §5.2 and §5.3.
import { expect } from 'chai';
import { capsInput, capsVer } from '../../../suites/disco/caps-hash.js';
import { parseFragment } from '../../../harness/xml/index.js';

const SIMPLE = `<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity category='client' name='Exodus 0.9.1' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
</query>`;

const COMPLEX = `<query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
  <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
  <identity xml:lang='el' category='client' name='&#936; 0.11' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
    <field var='ip_version' type='text-multi'><value>ipv4</value><value>ipv6</value></field>
    <field var='os'><value>Mac</value></field>
    <field var='os_version'><value>10.5.1</value></field>
    <field var='software'><value>Psi</value></field>
    <field var='software_version'><value>0.11</value></field>
  </x>
</query>`;

describe('XEP-0115 §5.1 verification string', () => {
  it('gives the simple example (§5.2) its ver', () => {
    const q = parseFragment(SIMPLE);
    expect(capsInput(q)).to.equal(
      'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<',
    );
    expect(capsVer(q, 'sha-1')).to.equal('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });

  it('gives the complex example (§5.3, two languages and a form) its ver', () => {
    expect(capsVer(parseFragment(COMPLEX), 'sha-1')).to.equal('q07IKJEyjvHSyhy//CH0CxmKi8w=');
  });

  it('knows no made-up hash', () => {
    expect(capsVer(parseFragment(SIMPLE), 'sha-0')).to.equal(undefined);
  });
});
