import { describe, expect, it } from 'vitest';
import type { FieldSpec } from './fields.ts';
import { OPTION_LABELS_EN, optionLabel } from './option-labels.ts';
import { REGISTRIES } from './registries.ts';

function optionsOf(fields: readonly FieldSpec[]): string[] {
  return fields.flatMap((f) =>
    f.type === 'enum' || f.type === 'multi' ? [...f.options] : f.type === 'rows' ? optionsOf(f.fields) : [],
  );
}

describe('English option labels', () => {
  it('every option of every registry has an English label (the English console shows no untranslated value)', () => {
    const missing = REGISTRIES.flatMap((r) =>
      optionsOf(r.fields)
        .filter((o) => !OPTION_LABELS_EN[o])
        .map((o) => `${r.key}: ${o}`),
    );
    expect(missing).toEqual([]);
  });

  it('shows the stored Chinese value in Chinese and the label in English; unknown values stay as they are', () => {
    expect(optionLabel('滑坡', 'zh')).toBe('滑坡');
    expect(optionLabel('滑坡', 'en')).toBe('Landslide');
    expect(optionLabel('未收录', 'en')).toBe('未收录');
  });
});
