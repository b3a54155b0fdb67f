/**
 * @file The one ONNX session factory (STYLE rule 11). Every model in the app runs through it:
 *   - sessions are created once per (model file, provider choice) and reused; a file replaced on
 *     disk (new size or mtime) gets a fresh session;
 *   - the execution provider follows execution-providers.ts (option, else VIPER_EP, else 'auto');
 *     a provider that cannot start is reported once per process through onWarning and the model
 *     runs on the next one in the plan, ending with CPU;
 *   - feeds are checked against the model's declared inputs (input-check.ts) before running;
 *   - every result carries the provider that ran it;
 *   - ONNX Runtime's intra-op threads: the factory's option, else VIPER_ORT_THREADS, else this thread's
 *     plan (an analysis lane takes its share of the cores: jobs/analysis-lanes.ts), else every core.
 * A missing, truncated or corrupt model file is a ViperError that names the file and the fix.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ViperError } from '../../shared/errors';
import { parseProviderChoice, planProviders, PROVIDER_ENV, readRuntimeOffer, type ProviderChoice, type ProviderName, type RuntimeOffer } from './execution-providers';
import { checkFeeds, describeInput } from './input-check';

export type ValueMetadata = ort.InferenceSession.ValueMetadata;

/** `K` names the outputs asked for, so a run that lists them can read them without undefined checks. */
export interface RunResult<K extends string = string> {
  outputs: Record<K, ort.Tensor>;
  /** The execution provider the session was created with (unsupported nodes still fall back to CPU inside it). */
  provider: ProviderName;
}

export interface ModelSession {
  readonly modelPath: string;
  readonly provider: ProviderName;
  readonly inputs: readonly ValueMetadata[];
  readonly outputs: readonly ValueMetadata[];
  /** Runs the model on a batch; `outputNames` limits what is computed and copied back. */
  run<K extends string = string>(feeds: Readonly<Record<string, ort.Tensor>>, outputNames?: readonly K[]): Promise<RunResult<K>>;
}

export interface SessionFactoryOptions {
  /** The provider when open() names none; default VIPER_EP, else 'auto'. */
  provider?: ProviderChoice;
  /** Threads one operator may use; default intraOpThreads(). */
  intraOpThreads?: number;
  /** Where provider fallbacks are reported, once per provider; default process.emitWarning. */
  onWarning?: (message: string) => void;
}

/** Overrides the number of threads ONNX Runtime gives one operator (a whole number ≥ 1). */
export const THREADS_ENV = 'VIPER_ORT_THREADS';

/** This thread's share of the cores, when something planned one (planIntraOpThreads). */
let plannedThreads: number | undefined;

/** Sets this thread's intra-op threads for sessions opened from now on, unless VIPER_ORT_THREADS says otherwise. */
export function planIntraOpThreads(threads: number): void {
  plannedThreads = Math.max(1, Math.floor(threads));
}

/** Intra-op threads for a new session: VIPER_ORT_THREADS, else this thread's plan, else every core the machine offers. */
export function intraOpThreads(value: string | undefined = process.env[THREADS_ENV]): number {
  const text = (value ?? '').trim();
  if (text === '') return plannedThreads ?? availableParallelism();
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ViperError('models/bad-config', `${THREADS_ENV}="${value}" is not a thread count. Set it to a whole number of at least 1 (this machine has ${availableParallelism()} cores), or unset it.`, { subject: THREADS_ENV });
  }
  return threads;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** A load failure on CPU is the file's fault: classify it so the message gives the right fix. */
function loadError(modelPath: string, error: unknown): ViperError {
  const reason = errorText(error);
  if (/protobuf parsing failed|ModelProto/i.test(reason)) {
    return new ViperError(
      'models/corrupt',
      `${modelPath}: not a readable ONNX model (onnxruntime: ${reason}). The file is truncated or corrupt: copy or export it again.`,
      { subject: modelPath, cause: error },
    );
  }
  return new ViperError(
    'models/load-failed',
    `${modelPath}: onnxruntime could not load this model (${reason}). Export it again with a standard opset (e.g. optimum-cli export onnx --opset 17).`,
    { subject: modelPath, cause: error },
  );
}

/** Returns the file's size and mtime as a cache signature, or throws 'models/missing' / 'models/corrupt'. */
async function modelFileSignature(modelPath: string): Promise<string> {
  const info = await stat(modelPath).catch((error: unknown) => {
    throw new ViperError('models/missing', `${modelPath}: model file not found. Check the path, or install the model again.`, {
      subject: modelPath,
      cause: error,
    });
  });
  if (!info.isFile()) {
    throw new ViperError('models/missing', `${modelPath}: is a folder, not an ONNX model file. Give the path of the .onnx file inside it.`, {
      subject: modelPath,
    });
  }
  if (info.size === 0) {
    throw new ViperError('models/corrupt', `${modelPath}: the model file is empty. Copy or export it again.`, { subject: modelPath });
  }
  return `${info.size}:${info.mtimeMs}`;
}

class OrtModelSession implements ModelSession {
  readonly inputs: readonly ValueMetadata[];
  readonly outputs: readonly ValueMetadata[];

  constructor(
    readonly modelPath: string,
    readonly provider: ProviderName,
    readonly session: ort.InferenceSession,
  ) {
    this.inputs = session.inputMetadata;
    this.outputs = session.outputMetadata;
  }

  async run<K extends string = string>(feeds: Readonly<Record<string, ort.Tensor>>, outputNames?: readonly K[]): Promise<RunResult<K>> {
    checkFeeds(this.modelPath, this.inputs, feeds);
    for (const name of outputNames ?? []) {
      if (!this.session.outputNames.includes(name)) {
        throw new ViperError(
          'models/bad-input',
          `${this.modelPath}: has no output "${name}"; its outputs are ${this.outputs.map(describeInput).join(', ')}. Ask for one of those.`,
          { subject: this.modelPath },
        );
      }
    }
    try {
      const outputs = outputNames === undefined ? await this.session.run(feeds) : await this.session.run(feeds, outputNames);
      return { outputs: outputs as Record<K, ort.Tensor>, provider: this.provider };
    } catch (error) {
      // The feeds matched the declared inputs, so this is the export's or the runtime's fault: keep the context.
      throw new Error(`${this.modelPath}: onnxruntime failed while running on ${this.provider}: ${errorText(error)}`, { cause: error });
    }
  }
}

interface CacheEntry {
  signature: string;
  session: Promise<OrtModelSession>;
}

export class SessionFactory {
  readonly #options: SessionFactoryOptions;
  readonly #cache = new Map<string, CacheEntry>();
  /** Providers that failed to start in this process, so each is tried and reported once. */
  readonly #broken = new Set<ProviderName>();
  #offer: RuntimeOffer | undefined;

  constructor(options: SessionFactoryOptions = {}) {
    this.#options = options;
  }

  /** The default provider choice: the option, else VIPER_EP (read now, so tests and CLIs can set it), else 'auto'. */
  get providerChoice(): ProviderChoice {
    return this.#options.provider ?? parseProviderChoice(process.env[PROVIDER_ENV]);
  }

  async open(modelPath: string, options: { provider?: ProviderChoice } = {}): Promise<ModelSession> {
    const path = resolve(modelPath);
    const choice = options.provider ?? this.providerChoice;
    const signature = await modelFileSignature(path);
    const key = `${path}|${choice}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined && cached.signature === signature) return cached.session;
    if (cached !== undefined) void this.#release(cached);

    const session = this.#create(path, choice);
    this.#cache.set(key, { signature, session });
    // A failed load is not cached: the user may fix the file and try again.
    session.catch(() => {
      if (this.#cache.get(key)?.session === session) this.#cache.delete(key);
    });
    return session;
  }

  /** Releases every session; later open() calls create new ones. */
  async closeAll(): Promise<void> {
    const entries = [...this.#cache.values()];
    this.#cache.clear();
    await Promise.all(entries.map((entry) => this.#release(entry)));
  }

  async #release(entry: CacheEntry): Promise<void> {
    const session = await entry.session.catch(() => undefined);
    await session?.session.release();
  }

  #warnOnce(provider: ProviderName, message: string): void {
    if (this.#broken.has(provider)) return;
    this.#broken.add(provider);
    const warn = this.#options.onWarning ?? ((text: string) => process.emitWarning(text, { type: 'ViperWarning' }));
    warn(message);
  }

  #sessionOptions(provider: ProviderName, threads: number): ort.InferenceSession.SessionOptions {
    return {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: threads,
      // Graphs here are chains of layers: parallel branches gain nothing, extra pools cost memory.
      interOpNumThreads: 1,
      executionMode: 'sequential',
      // Errors only: ORT's warnings (nodes placed on CPU under an accelerator) are expected, not news.
      logSeverityLevel: 3,
    };
  }

  async #create(path: string, choice: ProviderChoice): Promise<OrtModelSession> {
    this.#offer ??= readRuntimeOffer();
    const plan = planProviders(choice, this.#offer);
    // Read before loading: a bad VIPER_ORT_THREADS is the setting's fault, not the model file's.
    const threads = this.#options.intraOpThreads ?? intraOpThreads();
    for (const { provider, reason } of plan.skipped) this.#warnOnce(provider, `${reason}; running on CPU.`);
    const failed: Array<{ provider: ProviderName; reason: string }> = [];
    for (const provider of plan.order) {
      if (provider !== 'cpu' && this.#broken.has(provider)) continue;
      try {
        const session = await ort.InferenceSession.create(path, this.#sessionOptions(provider, threads));
        // Blame an accelerator only once another provider has loaded the same file.
        for (const failure of failed) {
          this.#warnOnce(failure.provider, `${failure.provider} could not start (${failure.reason}); running on ${provider}.`);
        }
        return new OrtModelSession(path, provider, session);
      } catch (error) {
        if (provider === 'cpu') throw loadError(path, error);
        failed.push({ provider, reason: errorText(error) });
      }
    }
    throw new Error(`no execution provider was planned for ${path}`);
  }
}

let shared: SessionFactory | undefined;

/** The process-wide factory: one cache, one set of provider warnings. */
export function sessionFactory(): SessionFactory {
  shared ??= new SessionFactory();
  return shared;
}

/** Opens (or reuses) a session for a model file with the process-wide factory. */
export function openSession(modelPath: string, options: { provider?: ProviderChoice } = {}): Promise<ModelSession> {
  return sessionFactory().open(modelPath, options);
}
