/**
 * @file AdamW (Loshchilov & Hutter), as torch.optim.AdamW: decoupled weight decay p ← p − lr·λ·p, then
 * the Adam step with bias correction. TF.js ships only coupled (L2) Adam, hence this. The moments are
 * plain variables so that a checkpoint can save and restore them and a resumed run continues exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from './perceiver-params';

export interface AdamWSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

export const TORCH_ADAMW_DEFAULTS: AdamWSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 };

export class AdamW {
  /** Steps taken so far (torch's `state['step']`), saved with the moments. */
  step = 0;
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();

  constructor(
    private readonly params: Params,
    private readonly settings: AdamWSettings,
  ) {
    for (const [name, variable] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(variable), false));
      this.v.set(name, tf.variable(tf.zerosLike(variable), false));
    }
  }

  applyGradients(grads: tf.NamedTensorMap, learningRate: number): void {
    this.step += 1;
    const { beta1, beta2, epsilon, weightDecay } = this.settings;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      for (const [name, variable] of this.params) {
        const grad = grads[name];
        const m = this.m.get(name);
        const v = this.v.get(name);
        if (!grad || !m || !v) continue;
        const mNext = tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1));
        const vNext = tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2));
        m.assign(mNext);
        v.assign(vNext);
        const update = tf.div(tf.div(mNext, correction1), tf.add(tf.sqrt(tf.div(vNext, correction2)), epsilon));
        variable.assign(tf.sub(tf.mul(variable, 1 - learningRate * weightDecay), tf.mul(update, learningRate)));
      }
    });
  }

  /** Restores moments and step count read from a checkpoint. */
  load(step: number, m: ReadonlyMap<string, Float32Array>, v: ReadonlyMap<string, Float32Array>): void {
    this.step = step;
    for (const [name, variable] of this.m) {
      const data = m.get(name);
      if (data) tf.tidy(() => variable.assign(tf.tensor(data, variable.shape)));
    }
    for (const [name, variable] of this.v) {
      const data = v.get(name);
      if (data) tf.tidy(() => variable.assign(tf.tensor(data, variable.shape)));
    }
  }

  dispose(): void {
    for (const variable of [...this.m.values(), ...this.v.values()]) variable.dispose();
  }
}
