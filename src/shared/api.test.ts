import { describe, expect, it } from 'vitest';
import { actionsContract } from './actions-api';
import { apiContract } from './api';
import { attributionContract } from './attribution-api';
import { clipsContract } from './clips-api';
import { evaluationContract } from './evaluation-api';
import { featuresContract } from './features-api';
import { fusionContract } from './fusion-api';
import { labelsContract } from './labels-api';
import { lintContract } from './lint-api';
import { modelsContract } from './models-api';
import { runsContract } from './runs-api';
import { storeContract } from './store-api';

const DOMAINS = { clips: clipsContract, store: storeContract, labels: labelsContract, models: modelsContract, features: featuresContract, fusion: fusionContract, evaluation: evaluationContract, attribution: attributionContract, lint: lintContract, actions: actionsContract, runs: runsContract };

describe('the contract by domain', () => {
  it('assembles every domain call once: no two domains declare the same name (a spread would hide one)', () => {
    const names = Object.values(DOMAINS).flatMap((contract) => Object.keys(contract));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(apiContract).sort()).toEqual([...names].sort());
  });

  it('names every call domain.verb', () => {
    for (const name of Object.keys(apiContract)) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    expect(Object.keys(apiContract)).not.toContain('analysis.summary');
  });
});
