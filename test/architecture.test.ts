// The module map, enforced: harness modules import only the layers beneath them,
// and only through each folder's index.ts; suites use the harness through its public indexes.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** module → the modules it may import (single files like errors.ts count as modules too). */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  spec: [],
  version: [],
  errors: ['spec'],
  util: ['errors', 'spec'],
  // XEP-0479's level suites and the verdicts from results: --level-suite is checked with the config.
  levels: ['spec', 'errors'],
  config: ['spec', 'errors', 'util', 'levels'],
  xml: ['errors', 'util'],
  jid: ['errors', 'util'],
  match: ['xml'],
  transport: ['errors', 'util', 'xml'],
  stream: ['transport', 'xml', 'errors', 'util'],
  sasl: ['xml', 'util', 'errors', 'jid'],
  session: ['stream', 'sasl', 'match', 'jid', 'transport', 'xml', 'errors', 'spec', 'config', 'util'],
  cases: ['spec', 'errors', 'session', 'xml', 'config'],
  // The runner owns the Reporter interface it calls; report implements it. No edge back to report.
  runner: ['cases', 'session', 'transport', 'config', 'util', 'errors', 'spec', 'xml', 'version', 's2s', 'dns', 'component', 'levels'],
  // Reporters read results (runner's result types) but never sessions or transports.
  report: ['runner', 'cases', 'spec', 'errors', 'util', 'xml', 'version', 'levels'],
  coverage: ['errors', 'spec'],
  // The lab DNS and the mini CA: leaves the lab, serve and s2s build on.
  dns: ['errors'],
  pki: ['errors'],
  s2s: ['cases', 'session', 'stream', 'transport', 'sasl', 'pki', 'dns', 'xml', 'config', 'errors', 'spec', 'util'],
  // The harness as an external component (XEP-0114).
  component: ['cases', 'session', 'xml', 'config', 'errors', 'spec', 'util'],
  // The TLS probe speaks enough XMPP to reach STARTTLS and read SASL offers.
  probe: ['transport', 'stream', 'session', 'sasl', 'xml', 'config', 'util', 'errors', 'spec'],
  lab: ['pki', 'util', 'errors', 'spec', 'xml'],
  fuzz: ['xml', 'jid', 'session', 'stream', 'transport', 'match', 'sasl', 'config', 'util', 'errors', 'spec'],
  serve: ['pki', 'xml', 'sasl', 'session', 'match', 'stream', 'transport', 'jid', 'cases', 'runner', 'report', 'config', 'util', 'errors', 'spec', 'version'],
  // Lab servers federating with each other, and the runner of the cross-domain cases.
  federation: ['lab', 'dns', 'pki', 'session', 'runner', 'config', 'xml', 'errors', 'spec', 'util', 'version'],
  cli: ['*'],
  index: ['*'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1] as string);
}

/** 'harness/xml/element.ts' → 'xml'; 'harness/errors.ts' → 'errors'. */
function moduleOf(rel: string): string {
  const parts = rel.split('/');
  return parts.length === 2 ? (parts[1] as string).replace(/\.(ts|js)$/, '') : (parts[1] as string);
}

describe('architecture (module map)', () => {
  const harnessFiles = walk(path.join(ROOT, 'harness'));

  it('every harness module is in the map', () => {
    const modules = new Set(harnessFiles.map((f) => moduleOf(path.relative(ROOT, f).split(path.sep).join('/'))));
    expect([...modules].filter((m) => !(m in MAY_IMPORT))).to.deep.equal([]);
  });

  /** Every relative import of a harness file: the importing file, its module, the specifier and the target path (all relative to the repository). */
  const harnessImports = harnessFiles.flatMap((file) => {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    return importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({
        rel,
        from: moduleOf(rel),
        spec,
        target: path
          .relative(ROOT, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/'),
      }));
  });

  it('harness modules import only the modules beneath them, through index.ts', () => {
    const problems: string[] = [];
    for (const { rel, from, spec, target } of harnessImports) {
      if (!target.startsWith('harness/')) {
        if (from !== 'cli' && from !== 'index') problems.push(`${rel} imports outside harness/: ${spec}`);
        continue;
      }
      const to = moduleOf(target);
      if (to === from) continue;
      const allowed = MAY_IMPORT[from] ?? [];
      if (!allowed.includes('*') && !allowed.includes(to)) problems.push(`${rel}: '${from}' may not import '${to}' (${spec})`);
      const parts = target.split('/');
      if (parts.length > 2 && parts[parts.length - 1] !== 'index.js') problems.push(`${rel}: import '${to}' through its index.ts, not ${spec}`);
    }
    expect(problems).to.deep.equal([]);
  });

  // A cycle makes the order modules load in matter and hides which one is the lower layer: the
  // runner calls reporters through its own interface (runner/reporter.ts), report reads results.
  it('no two harness modules import each other (runner and report in particular)', () => {
    const edges = new Set<string>();
    for (const { from, target } of harnessImports) {
      if (!target.startsWith('harness/')) continue;
      const to = moduleOf(target);
      if (to !== from) edges.add(`${from}>${to}`);
    }
    expect(edges.has('runner>report'), 'runner imports report').to.equal(false);
    const mutual = [...edges].filter((e) => {
      const [a, b] = e.split('>');
      return a !== 'cli' && a !== 'index' && a! < b! && edges.has(`${b}>${a}`);
    });
    expect(mutual).to.deep.equal([]);
  });

  it('suites use the harness only through public index files', () => {
    const problems: string[] = [];
    for (const file of walk(path.join(ROOT, 'suites'))) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      for (const spec of importsOf(file)) {
        const target = path
          .relative(ROOT, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/');
        if (!target.startsWith('harness/')) continue;
        const parts = target.split('/');
        if (parts.length > 2 && parts[parts.length - 1] !== 'index.js') problems.push(`${rel}: ${spec}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  // lab/ hands the environment on to the servers it starts (PATH, locale); nothing else reads it.
  it('only harness/cli (and lab, for the servers it spawns) reads process.env', () => {
    const readers = harnessFiles
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((rel) => !rel.startsWith('harness/cli/') && !rel.startsWith('harness/lab/'));
    expect(readers).to.deep.equal([]);
  });

  it('no default exports anywhere in harness/ or suites/', () => {
    const files = [...harnessFiles, ...walk(path.join(ROOT, 'suites'))];
    const offenders = files.filter((f) => /^export default\b/m.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offenders).to.deep.equal([]);
  });
});
