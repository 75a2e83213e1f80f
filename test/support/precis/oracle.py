#!/usr/bin/python3
# Reference oracle for the differential tests and the benchmark: answers one JSON line per JSON line
# read from stdin, using Debian's python3-precis-i18n (and python3-idna for domains when present).
#   {"op":"info"}                                   -> {"ok":true,"unicode":"14.0.0","precis":"1.0.5","idna":"3.3"}
#   {"op":"enforce","profile":P,"s":S}              -> {"ok":true,"out":T} | {"ok":false,"error":"DISALLOWED/..."}
#   {"op":"many","profile":P,"items":[S,...]}       -> {"ok":true,"results":[[true,T]|[false,E],...]}
#   {"op":"viramas"}                                -> {"ok":true,"cps":[...]}  (ccc == 9 in Python's UCD)
#   {"op":"punycode","cps":[...]}                   -> {"ok":true,"out":"..."}
#   {"op":"bench","items":[JID,...],"rounds":N}      -> {"ok":true,"seconds":F,"valid":K}  (timed inside Python)
import json
import sys
import time
import unicodedata

import precis_i18n
from precis_i18n import get_profile

try:
    import idna as _idna
except ImportError:  # pragma: no cover
    _idna = None

_PROFILES = {}


def profile(name):
    if name not in _PROFILES:
        _PROFILES[name] = get_profile(name)
    return _PROFILES[name]


def enforce(name, s):
    try:
        return [True, profile(name).enforce(s)]
    except UnicodeError as e:
        return [False, getattr(e, 'reason', str(e))]


def parse_jid(s, local_p, res_p):
    # A straightforward RFC 7622 reading on top of precis_i18n, used only to time a comparable workload.
    slash = s.find('/')
    head, res = (s, None) if slash < 0 else (s[:slash], s[slash + 1:])
    at = head.find('@')
    local, dom = (None, head) if at < 0 else (head[:at], head[at + 1:])
    try:
        if local is not None:
            if local == '' or any(c in local for c in '"&\'/:<>@'):
                return False
            local = local_p.enforce(local)
        if dom.endswith('.'):
            dom = dom[:-1]
        if dom == '':
            return False
        if _idna is not None:
            dom = _idna.decode(_idna.encode(dom, uts46=True))
        else:
            dom = dom.lower()
        if res is not None:
            res = res_p.enforce(res)
        return True
    except (UnicodeError, ValueError):
        return False


def main():
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        op = req.get('op')
        if op == 'info':
            resp = {'ok': True, 'unicode': unicodedata.unidata_version,
                    'precis': getattr(precis_i18n, '__version__', '?'),
                    'idna': getattr(_idna, '__version__', None) if _idna else None}
        elif op == 'enforce':
            ok, val = enforce(req['profile'], req['s'])
            resp = {'ok': ok, 'out': val} if ok else {'ok': False, 'error': val}
        elif op == 'many':
            resp = {'ok': True, 'results': [enforce(req['profile'], s) for s in req['items']]}
        elif op == 'viramas':
            resp = {'ok': True, 'cps': [cp for cp in range(0x110000)
                                        if unicodedata.combining(chr(cp)) == 9]}
        elif op == 'punycode':
            resp = {'ok': True, 'out': ''.join(map(chr, req['cps'])).encode('punycode').decode('ascii')}
        elif op == 'bench':
            items = req['items']
            local_p = get_profile('UsernameCaseMapped')
            res_p = get_profile('OpaqueString')
            rounds = int(req.get('rounds', 1))
            t0 = time.perf_counter()
            valid = 0
            for _ in range(rounds):
                for s in items:
                    if parse_jid(s, local_p, res_p):
                        valid += 1
            resp = {'ok': True, 'seconds': time.perf_counter() - t0, 'valid': valid // rounds}
        else:
            resp = {'ok': False, 'error': 'unknown op %r' % op}
        out.write(json.dumps(resp, ensure_ascii=True) + '\n')
        out.flush()


if __name__ == '__main__':
    main()
