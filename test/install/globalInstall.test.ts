import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidOpenTextDocumentNotification,
  InitializeRequest,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
} from 'vscode-languageserver-protocol';
import { startLspProcess } from '../support/lspProcess';
import { repoRoot } from '../support/paths';
import {
  customResourcePackIndexFile,
  customResourcePackSharedFile,
} from '../../server/src/catalog/customResourcePackData';
import { packProjects } from '../../server/scripts/generateCustomResourcePack';
import { quietContainerFields } from '../support/podRules';
import { pollUntil } from '../support/polling';

// The README's "install it anywhere" steps, for real: `npm pack` the repository, `npm install -g`
// the tarball offline with an empty cache into a temporary prefix, and run both binaries from a
// folder outside the repository. The package is packed from dist/ as it is (`npm test` has just
// built it in bench:smoke), so this takes seconds.

/** What the tarball holds: the bundles and files they load beside them, and the docs. */
const expectedFiles = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/catalog.json',
  'dist/cli.js',
  ...customResourcePackFiles().map((file) => `dist/customResources/${file}`),
  'dist/server.js',
  'dist/validators.js',
  'package.json',
].sort();

/** The files of the bundled custom resource pack, as `npm run build:crds` writes them. */
function customResourcePackFiles(): string[] {
  return [
    customResourcePackIndexFile,
    customResourcePackSharedFile,
    ...packProjects.map((project) => `${project.project}.json.gz`),
  ];
}

/** A pod that is clean but for its restart policy, at line 5. */
const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Sometimes
  containers:
    - name: web
      image: nginx:1.27
${quietContainerFields(6)}`;
const restartPolicyMessage =
  'Invalid value "Sometimes" for restartPolicy: expected one of Always, Never, OnFailure.';

/**
 * The environment without the `npm_*` variables that `npm run` sets (its prefix, cache, command):
 * the npm and binaries started here see what a person's shell would.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

function run(command: string, args: string[], cwd: string, env = cleanEnvironment()): string {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the npm package, installed with npm install -g', function () {
  this.timeout(60_000);

  let temporary: string;
  let prefix: string;
  /** A folder outside the repository, where the binaries are run. */
  let elsewhere: string;
  /** PATH with the prefix's bin folder first, as after a global install. */
  let environment: NodeJS.ProcessEnv;

  before(function () {
    for (const bundle of ['dist/cli.js', 'dist/server.js']) {
      assert.ok(fs.existsSync(path.join(repoRoot, bundle)), `${bundle} is missing: run npm run build first`);
    }
    temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-install-'));
    prefix = path.join(temporary, 'prefix');
    elsewhere = path.join(temporary, 'elsewhere');
    fs.mkdirSync(elsewhere);
    environment = {
      ...cleanEnvironment(),
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    };

    // --ignore-scripts: pack dist/ as built, without `prepare` rebuilding it.
    const packed = JSON.parse(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', temporary], repoRoot),
    ) as { filename: string }[];
    const tarball = path.join(temporary, packed[0]!.filename);
    // --offline with an empty cache: the install must need nothing from a registry.
    run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--cache',
        path.join(temporary, 'empty-cache'),
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      elsewhere,
    );
  });

  after(() => {
    if (temporary) {
      fs.rmSync(temporary, { recursive: true, force: true });
    }
  });

  it('installs the bundles, their catalog and validators, the docs, and no dependencies', () => {
    const installed = path.join(prefix, 'lib/node_modules/podscope');
    const files = fs
      .readdirSync(installed, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(installed, path.join(entry.parentPath, entry.name)))
      .sort();
    assert.deepEqual(files, expectedFiles);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      dependencies?: unknown;
    };
    assert.equal(manifest.dependencies, undefined);
  });

  it('puts podscope on PATH: explain, from any folder, prints what the README shows', () => {
    const output = run('podscope', ['explain', 'pod.spec.restartPolicy'], elsewhere, environment);
    assert.ok(
      output.startsWith(
        [
          'KIND:       Pod',
          'VERSION:    v1',
          '',
          'FIELD: restartPolicy <string>',
          'ENUM:',
          '    Always',
          '    Never',
          '    OnFailure',
          '',
          'DESCRIPTION:',
          '    Restart policy for all containers within the pod. One of Always, OnFailure,',
        ].join('\n'),
      ),
      output,
    );
  });

  it('podscope rules and podscope lint work from any folder', () => {
    const rules = run('podscope', ['rules'], elsewhere, environment);
    assert.match(rules, /^RULE +DEFAULT +SUMMARY\n/);
    assert.match(rules, /^image-latest-tag +warning /m);

    fs.writeFileSync(path.join(elsewhere, 'pod.yaml'), pod);
    let findings: { code: string; message: string; range: { start: { line: number } } }[] = [];
    try {
      run('podscope', ['lint', 'pod.yaml', '--format', 'json'], elsewhere, environment);
      assert.fail('podscope lint should exit 1 on an error');
    } catch (error) {
      const failure = error as { status: number; stdout: string };
      assert.equal(failure.status, 1);
      findings = JSON.parse(failure.stdout) as typeof findings;
    }
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.message, finding.range.start.line]),
      [['invalid-value', restartPolicyMessage, 5]],
    );
  });

  it('puts podscope-language-server on PATH: it speaks LSP over stdio', async () => {
    const server = startLspProcess('podscope-language-server', ['--stdio'], {
      cwd: elsewhere,
      env: environment,
    });
    try {
      const published: PublishDiagnosticsParams[] = [];
      server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        published.push(params);
      });
      // A client that declares no capabilities, as the simplest editor set-ups do.
      await server.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(elsewhere).href,
        capabilities: {},
      });
      await server.connection.sendNotification('initialized', {});
      const uri = pathToFileURL(path.join(elsewhere, 'pod.yaml')).href;
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'yaml', version: 1, text: pod },
      });
      const diagnostics = await pollUntil('diagnostics for pod.yaml', 20_000, () => {
        if (server.child.exitCode !== null) {
          throw new Error(`The server exited with code ${server.child.exitCode}: ${server.stderr()}`);
        }
        return published.find((params) => params.uri === uri);
      });
      assert.deepEqual(
        diagnostics.diagnostics.map((diagnostic) => [
          diagnostic.code,
          diagnostic.message,
          diagnostic.range.start.line,
        ]),
        [['invalid-value', restartPolicyMessage, 5]],
      );
      assert.equal(await server.stop(), 0, server.stderr());
    } finally {
      server.child.kill(); // when a failure left it running; nothing once it has exited
    }
  });
});
