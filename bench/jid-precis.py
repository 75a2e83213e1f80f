#!/usr/bin/python3
# The python3-precis-i18n side of the `jid` whole-process benchmark (bench/jid.bench.ts): reads one
# address per line from stdin and writes one verdict per line, as `xmpp-conformance jid` does, using
# UsernameCaseMapped for the localpart, python3-idna (UTS 46 mapping, IDNA2008) for the domainpart and
# OpaqueString for the resourcepart. Local work only: no network.
import sys

from precis_i18n import get_profile

try:
    import idna as _idna
except ImportError:  # pragma: no cover
    _idna = None

LOCAL = get_profile('UsernameCaseMapped')
RESOURCE = get_profile('OpaqueString')
FORBIDDEN = frozenset('"&\'/:<>@')


def parse_jid(s):
    # A straightforward RFC 7622 reading: split at the first '/', then at the first '@' before it.
    slash = s.find('/')
    head, res = (s, None) if slash < 0 else (s[:slash], s[slash + 1:])
    at = head.find('@')
    local, dom = (None, head) if at < 0 else (head[:at], head[at + 1:])
    try:
        if local is not None:
            if local == '' or any(c in FORBIDDEN for c in local):
                return None
            local = LOCAL.enforce(local)
        if dom.endswith('.'):
            dom = dom[:-1]
        if dom == '':
            return None
        if _idna is not None:
            dom = _idna.decode(_idna.encode(dom, uts46=True))
        else:
            dom = dom.lower()
        if res is not None:
            res = RESOURCE.enforce(res)
    except (UnicodeError, ValueError):
        return None
    return (local + '@' if local is not None else '') + dom + ('/' + res if res is not None else '')


def main():
    out = []
    for line in sys.stdin:
        jid = parse_jid(line.rstrip('\r\n'))
        out.append('invalid' if jid is None else 'valid\t' + jid)
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
