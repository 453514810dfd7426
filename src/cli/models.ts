/**
 * Model files on disk: `node dist/src/cli/models.js <build|download|ensure|verify> [options]` (the usage
 * text below says what each does). Settings come from the environment through the project's
 * configuration (MODELS_DIR, EMBEDDING_MODEL, EMBEDDING_PRECISION, MODEL_TOKENIZER_DIR,
 * MODEL_DOWNLOAD_BASE_URL); flags override them.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';
import { oneLine } from '../common/startup-error';
import { loadConfig } from '../config/load-config';
import { buildModels, BuildModelsOptions } from '../embedding/model-builder/build-models';
import {
  checkFile,
  choosePrecision,
  DEFAULT_MANIFEST_PATH,
  filesFor,
  findModel,
  loadManifest,
  ModelFileError,
  modelDir,
  onnxFileFor,
  PRECISIONS,
  providingCommand,
  resolveModelFiles,
} from '../embedding/model-files';
import { downloadModel, DownloadOptions } from '../embedding/model-download';
import type { ModelManifest, ModelManifestEntry, Precision } from '../embedding/model-manifest.types';
import { runCommand, UsageError } from './cli-command';
import { CommandLine, CommandSpec, flagOption, stringOption } from './command-line';

const SUBCOMMANDS = ['build', 'download', 'ensure', 'verify'] as const;

const MODELS_COMMAND: CommandSpec = {
  name: 'models',
  usage: `usage: node dist/src/cli/models.js <build|download|ensure|verify> [--model NAME] [--precision int8|fp32]
         [--models-dir DIR] [--tokenizer-from DIR] [--update-manifest] [--manifest FILE]
       (npm run models:build and npm run models:download run the first two)

  build     build the stand-in models and check them against models/manifest.json
  download  fetch the downloaded models (all-MiniLM-L6-v2) from MODEL_DOWNLOAD_BASE_URL, checksums verified
  ensure    make the configured model (EMBEDDING_MODEL, EMBEDDING_PRECISION) ready, building or
            downloading what is missing or wrong (npm start runs it first)
  verify    check the sha256 of every model file present

Flags override MODELS_DIR, EMBEDDING_MODEL, EMBEDDING_PRECISION and MODEL_TOKENIZER_DIR.
--update-manifest (build only) records the sha256 and sizes of what was built.
--help prints this text (--version: the version).
Exit codes: 0 done, 1 a model file is missing, wrong or cannot be made, 2 usage error.`,
  options: {
    model: { type: 'string' },
    precision: { type: 'string' },
    'models-dir': { type: 'string' },
    'tokenizer-from': { type: 'string' },
    manifest: { type: 'string' },
    'update-manifest': { type: 'boolean' },
  },
  maxPositionals: 1,
};

/** Models that need no files (handled inside the embedding code). */
const FILELESS_MODELS = new Set(['ascii-test']);

interface Args {
  command: (typeof SUBCOMMANDS)[number];
  model?: string;
  precision?: Precision;
  modelsDir?: string;
  tokenizerFrom?: string;
  manifest?: string;
  updateManifest: boolean;
}

function modelsArgs(line: CommandLine): Args {
  const command = line.positionals[0] as Args['command'] | undefined;
  if (command === undefined) throw new UsageError('name the command: build, download, ensure or verify');
  if (!SUBCOMMANDS.includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const precision = stringOption(line, 'precision');
  if (precision !== undefined && !PRECISIONS.includes(precision as Precision)) throw new UsageError(`--precision must be int8 or fp32, not "${precision}"`);
  const args: Args = {
    command,
    model: stringOption(line, 'model'),
    precision: precision as Precision | undefined,
    modelsDir: stringOption(line, 'models-dir'),
    tokenizerFrom: stringOption(line, 'tokenizer-from'),
    manifest: stringOption(line, 'manifest'),
    updateManifest: flagOption(line, 'update-manifest'),
  };
  if (args.updateManifest && command !== 'build') throw new UsageError('--update-manifest only applies to build');
  return args;
}

/** A path as the user would type it: relative to the working directory when below it. */
function shown(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p;
}

const megabytes = (bytes: number | undefined): string => (bytes === undefined ? '? MB' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

interface Context {
  args: Args;
  manifest: ModelManifest;
  manifestPath: string;
  modelsDir: string;
  tokenizerFrom?: string;
  download: DownloadOptions;
}

function buildOptions(ctx: Context, names?: string[], precisions?: Precision[]): BuildModelsOptions {
  return {
    manifest: ctx.manifest,
    manifestPath: ctx.manifestPath,
    modelsDir: ctx.modelsDir,
    names,
    precisions,
    tokenizer: {
      fromDir: ctx.tokenizerFrom,
      fallbackDirs: ctx.manifest.models.filter((m) => m.origin === 'download').map((m) => modelDir(ctx.modelsDir, m)),
      download: ctx.download,
    },
    projectRoot: repoRoot,
    updateManifest: ctx.args.updateManifest,
    log: (line) => console.log(line),
  };
}

async function runBuild(ctx: Context, names?: string[], precisions?: Precision[]): Promise<void> {
  const started = performance.now();
  const built = await buildModels(buildOptions(ctx, names, precisions));
  for (const file of built) {
    const note = ctx.args.updateManifest && file.changed ? '  (manifest updated)' : '';
    console.log(`${shown(file.path)}  ${file.size} bytes (${megabytes(file.size)})  sha256 ${file.sha256}  ${seconds(file.ms)}${note}`);
  }
  console.log(`built ${built.length} file(s) in ${seconds(performance.now() - started)}`);
}

async function runDownload(ctx: Context, entries: ModelManifestEntry[], precision?: Precision): Promise<void> {
  for (const entry of entries) {
    const precisions = precision ? [precision] : PRECISIONS.filter((p) => entry.onnx[p]);
    const results = await downloadModel(ctx.modelsDir, entry, precisions, ctx.download);
    for (const r of results) {
      console.log(`${shown(r.path)}  ${megabytes(r.size)}  ${r.outcome === 'present' ? 'already present' : `downloaded in ${seconds(r.ms)}`}`);
    }
  }
}

function selectedModels(ctx: Context, origin?: 'build' | 'download'): ModelManifestEntry[] {
  if (ctx.args.model) {
    const entry = findModel(ctx.manifest, ctx.args.model);
    if (origin && entry.origin !== origin) {
      throw new Error(`model ${entry.name} is ${entry.origin === 'build' ? 'built' : 'downloaded'}: run \`${providingCommand(entry)}\``);
    }
    return [entry];
  }
  return origin ? ctx.manifest.models.filter((m) => m.origin === origin) : ctx.manifest.models;
}

async function runEnsure(ctx: Context, model: string, requested: Precision): Promise<void> {
  if (FILELESS_MODELS.has(model)) {
    console.log(`${model} needs no model files`);
    return;
  }
  const entry = findModel(ctx.manifest, model);
  const precision = choosePrecision(entry, requested);
  onnxFileFor(entry, precision); // a precision the model lacks is a configuration error, not something to build
  try {
    const files = await resolveModelFiles(ctx.modelsDir, entry, precision);
    console.log(`${entry.name} (${precision}) is ready: ${shown(files.onnxPath)}`);
    return;
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    console.log(`${oneLine(error)}; doing that now`);
  }
  if (entry.origin === 'build') await runBuild(ctx, [entry.name], [precision]);
  else await runDownload(ctx, [entry], precision);
  const files = await resolveModelFiles(ctx.modelsDir, entry, precision);
  console.log(`${entry.name} (${precision}) is ready: ${shown(files.onnxPath)}`);
}

async function runVerify(ctx: Context): Promise<void> {
  let failures = 0;
  let checked = 0;
  for (const entry of selectedModels(ctx)) {
    const precisions = ctx.args.precision ? [ctx.args.precision] : PRECISIONS.filter((p) => entry.onnx[p]);
    const files = new Map(precisions.flatMap((p) => filesFor(entry, p)).map((f) => [f.path, f]));
    const states = await Promise.all(
      [...files.values()].map(async (f) => {
        const filePath = path.join(modelDir(ctx.modelsDir, entry), f.path);
        return { filePath, expected: f.sha256, state: await checkFile(filePath, f.sha256) };
      }),
    );
    if (!ctx.args.model && states.every((s) => s.state.state === 'missing')) {
      console.log(`${entry.name}: not installed (\`${providingCommand(entry)}\` provides it)`);
      continue;
    }
    for (const { filePath, expected, state } of states) {
      checked++;
      if (state.state === 'ok') {
        console.log(`ok        ${shown(filePath)}`);
      } else {
        failures++;
        const what = state.state === 'missing' ? 'missing' : `sha256 ${state.actual}, expected ${expected}`;
        console.log(`${state.state === 'missing' ? 'MISSING ' : 'MISMATCH'}  ${shown(filePath)}: ${what}`);
      }
    }
  }
  if (failures > 0) {
    throw new Error(`${failures} of ${checked} model files are missing or wrong: run \`npm run models:build\` or \`npm run models:download\``);
  }
  console.log(`${checked} model files verified`);
}

/** EMBEDDING_MODEL and the models named in EMBEDDING_MODELS_BY_ENTITY ("event=name,..."), once each. */
function configuredModels(defaultModel: string, byEntity: string): string[] {
  const overrides = byEntity
    .split(',')
    .map((pair) => pair.split('=')[1]?.trim())
    .filter((name): name is string => Boolean(name));
  return [...new Set([defaultModel, ...overrides])];
}

async function run(args: Args): Promise<void> {
  const config = loadConfig();
  const manifestPath = path.resolve(args.manifest ?? DEFAULT_MANIFEST_PATH);
  const ctx: Context = {
    args,
    manifest: loadManifest(manifestPath),
    manifestPath,
    modelsDir: args.modelsDir ?? config.MODELS_DIR,
    tokenizerFrom: args.tokenizerFrom ?? config.MODEL_TOKENIZER_DIR,
    download: { baseUrl: config.MODEL_DOWNLOAD_BASE_URL },
  };
  switch (args.command) {
    case 'build':
      return runBuild(ctx, args.model ? [args.model] : undefined, args.precision ? [args.precision] : undefined);
    case 'download':
      return runDownload(ctx, selectedModels(ctx, 'download'), args.precision);
    case 'ensure': {
      const precision = args.precision ?? config.EMBEDDING_PRECISION;
      for (const model of args.model ? [args.model] : configuredModels(config.EMBEDDING_MODEL, config.EMBEDDING_MODELS_BY_ENTITY)) {
        await runEnsure(ctx, model, precision);
      }
      return;
    }
    case 'verify':
      return runVerify(ctx);
  }
}

runCommand(MODELS_COMMAND, async (line) => {
  await run(modelsArgs(line));
  return 0;
});
