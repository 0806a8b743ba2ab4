/** The fields of the review forms, described once for the one form page (views/form.njk). */
export type Field =
  | { kind: 'text' | 'date'; name: string; label: string; hint?: string }
  | { kind: 'textarea'; name: string; label: string; hint?: string; rows?: number }
  | {
      kind: 'radios' | 'select';
      name: string;
      label: string;
      hint?: string;
      items: { value: string; text: string }[];
    };

/** Radios' and selects' items with the chosen one marked, from the values shown. */
export function withValues(fields: Field[], values: Record<string, unknown>) {
  return fields.map((f) =>
    f.kind === 'radios' || f.kind === 'select'
      ? {
          ...f,
          items: f.items.map((i) => ({
            ...i,
            checked: String(values[f.name] ?? '') === i.value,
            selected: String(values[f.name] ?? '') === i.value,
          })),
        }
      : f,
  );
}

export const options = (entries: Record<string, string>) =>
  Object.entries(entries).map(([value, text]) => ({ value, text }));
