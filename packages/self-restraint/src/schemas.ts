// The two entity schemas of brief §3.2: biographies (every preset) and historical events (`paper`
// runs them as a separate world and model). The brief fixes only the events schema's value counts;
// its attribute names and sentences are ours [O], used by the English renderer of report examples.

export interface AttributeSpec {
  name: string;
  /** Values of this attribute in the schema's default world. */
  size: number;
  /** English sentence for a claim (report examples and adapter demos only; never trained on). */
  sentence: (value: number) => string;
}

export const SCHEMAS = {
  bios: [
    { name: 'birthplace', size: 16, sentence: (v) => `was born in city ${v}` },
    { name: 'profession', size: 12, sentence: (v) => `worked as profession ${v}` },
    { name: 'era', size: 10, sentence: (v) => `lived in era ${v}` },
    { name: 'university', size: 20, sentence: (v) => `studied at university ${v}` },
    { name: 'award', size: 8, sentence: (v) => `received award ${v}` },
    { name: 'field', size: 12, sentence: (v) => `was known for field ${v}` },
  ],
  events: [
    { name: 'place', size: 40, sentence: (v) => `took place in city ${v}` },
    { name: 'year', size: 30, sentence: (v) => `happened in year ${v}` },
    { name: 'kind', size: 12, sentence: (v) => `was an event of kind ${v}` },
    { name: 'leader', size: 40, sentence: (v) => `was led by person ${v}` },
    { name: 'outcome', size: 6, sentence: (v) => `ended in outcome ${v}` },
    { name: 'scale', size: 8, sentence: (v) => `was of scale ${v}` },
  ],
} satisfies Record<string, AttributeSpec[]>;

export type SchemaName = keyof typeof SCHEMAS;
export const SCHEMA_NAMES = Object.keys(SCHEMAS) as SchemaName[];

/** Value counts per attribute: the explicit override, else the schema's own (brief §3.2). */
export function attributeSizesOf(world: {
  schema: SchemaName;
  attributeSizes?: readonly number[];
}): number[] {
  const specs = SCHEMAS[world.schema];
  const sizes = world.attributeSizes ?? specs.map((spec) => spec.size);
  if (sizes.length !== specs.length)
    throw new Error(
      `world.attributeSizes has ${sizes.length} entries but the ${world.schema} schema has ${specs.length} attributes (${specs.map((s) => s.name).join(', ')})`,
    );
  return [...sizes];
}
