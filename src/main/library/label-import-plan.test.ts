import { describe, expect, it } from 'vitest';
import { EMOTIONS, type EmotionVector } from '../../shared/emotions';
import type { RecordedEdit } from '../store/label-versions';
import { planLabelImport } from './label-import-plan';

const vector = (fill: number, overrides: Partial<EmotionVector> = {}): EmotionVector => ({ ...(Object.fromEntries(EMOTIONS.map((e) => [e, fill])) as EmotionVector), ...overrides });
const edit = (emotion: string, source: string, newValue: number): RecordedEdit => ({ emotion, oldValue: 0.85, newValue, editedBy: 'ana', editedAt: '2026-12-01T10:00:00.000Z', source });

describe('planLabelImport', () => {
  const csv = vector(0.5, { Amusement: 0.85 });

  it('takes every CSV value on a clip with no labels yet', () => {
    expect(planLabelImport(csv, null, new Map(), false)).toEqual({ values: csv, conflicts: [] });
  });

  it('keeps a value edited in the app since the last import, and reports it with the CSV value', () => {
    const stored = vector(0.5, { Amusement: 0.6 });
    const plan = planLabelImport(csv, stored, new Map([['Amusement', edit('Amusement', 'ui', 0.6)]]), false);
    expect(plan.values.Amusement).toBe(0.6);
    expect(plan.conflicts).toEqual([{ emotion: 'Amusement', edit: edit('Amusement', 'ui', 0.6), csvValue: 0.85 }]);
  });

  it('updates a value whose latest change came from an import (a newer CSV is the newer decision)', () => {
    const stored = vector(0.5, { Amusement: 0.6 });
    for (const source of ['import', 'import:overwrite']) {
      const plan = planLabelImport(csv, stored, new Map([['Amusement', edit('Amusement', source, 0.6)]]), false);
      expect(plan).toEqual({ values: csv, conflicts: [] });
    }
  });

  it('is no conflict when the CSV already agrees with the app', () => {
    const stored = vector(0.5, { Amusement: 0.85 });
    expect(planLabelImport(csv, stored, new Map([['Amusement', edit('Amusement', 'ui', 0.85)]]), false).conflicts).toEqual([]);
  });

  it('takes the CSV over app edits when asked to overwrite', () => {
    const stored = vector(0.5, { Amusement: 0.6 });
    expect(planLabelImport(csv, stored, new Map([['Amusement', edit('Amusement', 'ui', 0.6)]]), true)).toEqual({ values: csv, conflicts: [] });
  });
});
