// action.yml (the reusable GitHub Action) and the workflows that call it: the Action is well formed,
// every input it reads is declared and every declared input is read, every output comes from a step
// that exists; the example workflows (examples/github-actions/, README's "GitHub Actions") parse as
// YAML and give the Action only inputs it declares, its required ones included. Each check is also
// run on a broken copy, to prove it can fail.
import { expect } from 'chai';
import { load } from 'js-yaml';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLES = path.join(ROOT, 'examples', 'github-actions');

type Yaml = Record<string, unknown>;

function isObject(v: unknown): v is Yaml {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every string anywhere in a parsed YAML document. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (isObject(v)) return Object.values(v).flatMap(strings);
  return [];
}

/** The names after `inputs.` inside `${{ }}` expressions (also `inputs['x']`). */
function inputsUsed(doc: unknown): Set<string> {
  const used = new Set<string>();
  for (const s of strings(doc)) {
    for (const [, expr] of s.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
      for (const m of (expr ?? '').matchAll(/\binputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)) used.add((m[1] ?? m[2]) as string);
    }
  }
  // `if:` conditions are expressions without ${{ }}
  const steps = isObject(doc) && isObject(doc['runs']) && Array.isArray(doc['runs']['steps']) ? doc['runs']['steps'] : [];
  for (const step of steps) {
    if (isObject(step) && typeof step['if'] === 'string') for (const m of step['if'].matchAll(/\binputs\.([A-Za-z_][\w-]*)/g)) used.add(m[1] as string);
  }
  return used;
}

/** What is wrong with an action.yml document (empty when nothing is). */
function actionProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(doc)) return ['not a mapping'];
  for (const key of ['name', 'description']) {
    if (typeof doc[key] !== 'string' || (doc[key] as string).trim() === '') problems.push(`${key} missing or empty`);
  }
  const runs = doc['runs'];
  if (!isObject(runs)) return [...problems, 'runs missing'];
  if (runs['using'] !== 'composite') problems.push(`runs.using is ${JSON.stringify(runs['using'])}, not composite`);
  const steps = Array.isArray(runs['steps']) ? runs['steps'] : [];
  if (steps.length === 0) problems.push('runs.steps missing or empty');
  const ids = new Set<string>();
  for (const [i, step] of steps.entries()) {
    if (!isObject(step)) {
      problems.push(`step ${i} is not a mapping`);
      continue;
    }
    if (typeof step['id'] === 'string') ids.add(step['id']);
    if (typeof step['run'] === 'string' && typeof step['shell'] !== 'string') problems.push(`step ${i} runs a script without shell (composite steps need one)`);
    if (typeof step['run'] !== 'string' && typeof step['uses'] !== 'string') problems.push(`step ${i} has neither run nor uses`);
  }
  const declared = isObject(doc['inputs']) ? doc['inputs'] : {};
  for (const [name, spec] of Object.entries(declared)) {
    if (!isObject(spec) || typeof spec['description'] !== 'string') problems.push(`input ${name} has no description`);
  }
  const used = inputsUsed(doc);
  for (const name of used) if (!(name in declared)) problems.push(`inputs.${name} is used but not declared`);
  for (const name of Object.keys(declared)) if (!used.has(name)) problems.push(`input ${name} is declared but never used`);
  // the scripts read inputs from env, never from an expression pasted into the script
  for (const step of steps) {
    if (isObject(step) && typeof step['run'] === 'string' && /\$\{\{/.test(step['run']))
      problems.push(`a run script expands an expression inline: ${step['run'].slice(0, 60)}`);
  }
  const outputs = isObject(doc['outputs']) ? doc['outputs'] : {};
  for (const [name, spec] of Object.entries(outputs)) {
    const value = isObject(spec) ? spec['value'] : undefined;
    const m = typeof value === 'string' ? /\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/.exec(value) : null;
    if (!m) problems.push(`output ${name} has no steps.<id>.outputs.<name> value`);
    else if (!ids.has(m[1] as string)) problems.push(`output ${name} reads step ${m[1]}, which does not exist`);
  }
  return problems;
}

/** Whether a step's `uses` is this Action: `./` in this repository, or `<owner>/xmpp-conformance@ref`. */
function usesTheAction(uses: unknown): boolean {
  return typeof uses === 'string' && (uses === './' || uses === '.' || /^[\w.-]+\/xmpp-conformance@/.test(uses));
}

/** The steps of a workflow that call the Action, and what is wrong with their `with`. */
function workflowProblems(workflow: unknown, action: Yaml): { calls: number; problems: string[] } {
  const declared = isObject(action['inputs']) ? action['inputs'] : {};
  const required = Object.entries(declared)
    .filter(([, spec]) => isObject(spec) && spec['required'] === true)
    .map(([name]) => name);
  const problems: string[] = [];
  let calls = 0;
  if (!isObject(workflow) || !isObject(workflow['jobs'])) return { calls, problems: ['no jobs'] };
  for (const [jobName, job] of Object.entries(workflow['jobs'])) {
    const steps = isObject(job) && Array.isArray(job['steps']) ? job['steps'] : [];
    for (const step of steps) {
      if (!isObject(step) || !usesTheAction(step['uses'])) continue;
      calls += 1;
      const given = isObject(step['with']) ? step['with'] : {};
      for (const name of Object.keys(given)) if (!(name in declared)) problems.push(`job ${jobName}: input ${name} is not declared by action.yml`);
      for (const name of required) if (!(name in given)) problems.push(`job ${jobName}: required input ${name} missing`);
    }
  }
  return { calls, problems };
}

/** The YAML code blocks of README.md's "GitHub Actions" section. */
function readmeWorkflows(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## GitHub Actions\n');
  expect(start, 'README.md has a "GitHub Actions" section').to.be.greaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

describe('action.yml (the GitHub Action)', () => {
  const action = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Yaml;

  it('is a composite action with name, description and runs; inputs and outputs all wired', () => {
    expect(actionProblems(action)).to.deep.equal([]);
  });

  it('declares the inputs the task asks for', () => {
    expect(Object.keys(action['inputs'] as Yaml)).to.include.members([
      'target',
      'domain',
      'accounts',
      'ca',
      'areas',
      'baseline',
      'shard',
      'reporters',
      'fail-on-skip',
      'strict-baseline',
    ]);
    expect(Object.keys(action['outputs'] as Yaml)).to.include.members(['exit-code', 'report-dir', 'report-json', 'passed', 'failed', 'errored', 'skipped']);
  });

  it('maps each flag-like input to a `run` flag that exists', async () => {
    const { RUN_FLAGS } = await import('../harness/cli/run.js');
    const run = (action['runs'] as Yaml)['steps'] as Yaml[];
    const script = run.map((s) => (typeof s['run'] === 'string' ? s['run'] : '')).join('\n');
    const flags = [...script.matchAll(/args\+=\(--([\w-]+)/g)].map((m) => m[1] as string);
    for (const [, first] of script.matchAll(/args=\(run((?: --[\w-]+ "[^"]*")+)/g))
      flags.push(...[...(first ?? '').matchAll(/--([\w-]+)/g)].map((m) => m[1] as string));
    expect(flags).to.include.members(['target', 'domain', 'account', 'ca', 'area', 'baseline', 'strict-baseline', 'fail-on-skip', 'shard', 'reporter', 'out']);
    for (const flag of flags) expect(RUN_FLAGS, `--${flag}`).to.have.property(flag);
  });

  it('the checks fail on a broken action', () => {
    const broken = structuredClone(action);
    (broken['runs'] as Yaml)['using'] = 'node20';
    delete broken['description'];
    const inputs = broken['inputs'] as Yaml;
    inputs['unused'] = { description: 'never read' };
    delete inputs['shard'];
    const problems = actionProblems(broken);
    expect(problems).to.include('description missing or empty');
    expect(problems).to.include('runs.using is "node20", not composite');
    expect(problems).to.include('input unused is declared but never used');
    expect(problems).to.include('inputs.shard is used but not declared');
  });
});

describe('workflows that use the Action', () => {
  const action = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Yaml;
  const examples = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));

  it('examples/github-actions/ has at least one workflow', () => {
    expect(examples).to.not.be.empty;
  });

  for (const file of examples) {
    it(`${file} parses and calls the Action with declared inputs only`, () => {
      const { calls, problems } = workflowProblems(load(readFileSync(path.join(EXAMPLES, file), 'utf8')), action);
      expect(problems).to.deep.equal([]);
      expect(calls, 'steps using the Action').to.be.greaterThan(0);
    });
  }

  it("README's GitHub Actions workflow parses and calls the Action with declared inputs only", () => {
    const blocks = readmeWorkflows();
    expect(blocks).to.not.be.empty;
    for (const block of blocks) {
      const { calls, problems } = workflowProblems(load(block), action);
      expect(problems).to.deep.equal([]);
      expect(calls).to.equal(1);
    }
  });

  it('the check fails on an undeclared or a missing required input', () => {
    const workflow = { jobs: { j: { steps: [{ uses: './', with: { domain: 'example.org', 'no-such-input': 'x' } }] } } };
    expect(workflowProblems(workflow, action).problems).to.deep.equal([
      'job j: input no-such-input is not declared by action.yml',
      'job j: required input target missing',
    ]);
  });
});

/**
 * Runs one `run:` step of action.yml as the runner would (bash -eo pipefail, the step's env with its
 * `${{ inputs.X }}` and `${{ steps.S.outputs.O }}` filled in), with `bin/xmpp-conformance` replaced by a
 * stub under `actionPath` that records its arguments and exits with XC_STUB_EXIT.
 */
function runStep(
  action: Yaml,
  id: string,
  opts: { inputs: Record<string, string>; actionPath: string; cwd: string; steps?: Record<string, Record<string, string>>; stubExit?: number },
): { code: number | null; stdout: string; outputs: Record<string, string> } {
  const steps = (action['runs'] as Yaml)['steps'] as Yaml[];
  const step = steps.find((s) => s['id'] === id || s['name'] === id);
  if (!step || typeof step['run'] !== 'string') throw new Error(`action.yml has no run step ${id}`);
  const declared = action['inputs'] as Record<string, { default?: string }>;
  const value = (expr: string): string => {
    let m = /^inputs\.([\w-]+)$/.exec(expr);
    if (m) return opts.inputs[m[1] as string] ?? declared[m[1] as string]?.default ?? '';
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (m) return opts.steps?.[m[1] as string]?.[m[2] as string] ?? '';
    throw new Error(`unexpected expression ${expr}`);
  };
  const outputFile = path.join(opts.cwd, `github-output-${id}`);
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    GITHUB_OUTPUT: outputFile,
    GITHUB_ACTION_PATH: opts.actionPath,
    XC_STUB_EXIT: String(opts.stubExit ?? 0),
  };
  for (const [k, v] of Object.entries((step['env'] ?? {}) as Record<string, string>))
    env[k] = String(v).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e: string) => value(e));
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step['run']], { env, cwd: opts.cwd, encoding: 'utf8', timeout: 20_000 });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { code: r.status, stdout: r.stdout, outputs };
}

describe("action.yml's scripts (bash, with a stub for the tool)", () => {
  const action = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Yaml;
  let dir: string;
  let actionPath: string;
  const argv = (): string[] => JSON.parse(readFileSync(path.join(dir, 'argv.json'), 'utf8')) as string[];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xc-action-'));
    actionPath = path.join(dir, 'action');
    mkdirSync(path.join(actionPath, 'bin'), { recursive: true });
    writeFileSync(
      path.join(actionPath, 'bin', 'xmpp-conformance'),
      `require('node:fs').writeFileSync(${JSON.stringify(path.join(dir, 'argv.json'))}, JSON.stringify(process.argv.slice(2)));\nprocess.exitCode = Number(process.env.XC_STUB_EXIT);\n`,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('turns the inputs into run flags, one --account a line, and masks each password', () => {
    const r = runStep(action, 'run', {
      actionPath,
      cwd: dir,
      stubExit: 1,
      inputs: {
        target: 'xmpp://127.0.0.1:5222',
        domain: 'example.org',
        accounts: '  alice@example.org:pw one\r\n\nbob@example.org:p:w,2  \n',
        ca: 'ci/ca.pem',
        areas: 'stream,tls',
        baseline: 'ci/baseline.json',
        'strict-baseline': 'true',
        'fail-on-skip': 'true',
        shard: '2/3',
        seed: '42',
        reporters: 'console,junit',
      },
    });
    expect(r.code, 'the step itself succeeds; the exit code is an output').to.equal(0);
    expect(argv()).to.deep.equal([
      'run',
      '--target',
      'xmpp://127.0.0.1:5222',
      '--out',
      'xmpp-conformance-reports',
      '--reporter',
      'console,junit,json',
      '--domain',
      'example.org',
      '--account',
      'alice@example.org:pw one',
      '--account',
      'bob@example.org:p:w,2',
      '--ca',
      'ci/ca.pem',
      '--area',
      'stream,tls',
      '--baseline',
      'ci/baseline.json',
      '--strict-baseline',
      '--fail-on-skip',
      '--shard',
      '2/3',
      '--seed',
      '42',
    ]);
    expect(r.stdout).to.include('::add-mask::pw one\n').and.to.include('::add-mask::p:w,2\n');
    expect(r.outputs['exit-code']).to.equal('1');
  });

  it('passes only what is given, and a value cannot become shell code', () => {
    const r = runStep(action, 'run', {
      actionPath,
      cwd: dir,
      inputs: {
        target: 'xmpp://127.0.0.1:5222 $(touch pwned) `touch pwned2`;',
        register: 'true',
        'tls-insecure': 'true',
        level: 'must',
        'level-suites': 'xep0479-core-server,$(touch pwned3)',
      },
    });
    expect(r.code).to.equal(0);
    expect(argv()).to.deep.equal([
      'run',
      '--target',
      'xmpp://127.0.0.1:5222 $(touch pwned) `touch pwned2`;',
      '--out',
      'xmpp-conformance-reports',
      '--reporter',
      'console,json,junit,html',
      '--register',
      '--tls-insecure',
      '--level',
      'must',
      '--level-suite',
      'xep0479-core-server,$(touch pwned3)',
    ]);
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).to.deep.equal([]);
    expect(r.outputs['exit-code']).to.equal('0');
  });

  it('reads the counts from report.json and names the artifact after the shard', () => {
    mkdirSync(path.join(dir, 'out'));
    const summary = { total: 9, passed: 5, failed: 1, skipped: 1, errored: 1, 'expected-fail': 1, fixed: 0 };
    writeFileSync(path.join(dir, 'out', 'report.json'), JSON.stringify({ summary }));
    const r = runStep(action, 'counts', { actionPath, cwd: dir, inputs: { out: 'out', shard: '1/2' } });
    expect(r.code).to.equal(0);
    expect(r.outputs).to.deep.equal({
      'report-dir': 'out',
      'report-json': path.join('out', 'report.json'),
      'artifact-name': 'xmpp-conformance-reports-shard-1-of-2',
      total: '9',
      passed: '5',
      failed: '1',
      errored: '1',
      skipped: '1',
      'expected-fail': '1',
      fixed: '0',
    });
    const none = runStep(action, 'counts', { actionPath, cwd: dir, inputs: { out: 'missing', 'artifact-name': 'mine' } });
    expect(none.outputs['report-json']).to.equal('');
    expect(none.outputs['artifact-name']).to.equal('mine');
    expect(none.outputs['failed']).to.equal('');
  });

  it("fails the last step with the run's exit code", () => {
    for (const code of ['0', '1', '3']) {
      expect(runStep(action, "fail with the run's exit code", { actionPath, cwd: dir, inputs: {}, steps: { run: { 'exit-code': code } } }).code).to.equal(
        Number(code),
      );
    }
    // the run step never ran (the install failed): not a success
    expect(runStep(action, "fail with the run's exit code", { actionPath, cwd: dir, inputs: {} }).code).to.equal(2);
  });
});
