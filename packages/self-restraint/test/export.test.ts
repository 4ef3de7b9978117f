// U17: the JSONL export validates on write and reads back; a malformed line is a clear error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DpoLine, exportJsonl, RecordLine, readJsonl, SftLine } from '../src/export.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-export-'));

describe('JSONL export', () => {
  it('writes and reads back SFT, DPO and record lines', async () => {
    const sft = [
      {
        messages: [
          { role: 'user' as const, content: 'Write a short biography of Bakiro.' },
          { role: 'assistant' as const, content: 'Bakiro was born in city 3.' },
        ] as [{ role: 'user'; content: string }, { role: 'assistant'; content: string }],
      },
    ];
    await exportJsonl(join(dir, 'sft.jsonl'), SftLine, sft);
    expect(await readJsonl(join(dir, 'sft.jsonl'), SftLine)).toEqual(sft);
    const dpo = [{ prompt: 'q', chosen: 'a', rejected: 'b' }];
    await exportJsonl(join(dir, 'dpo.jsonl'), DpoLine, dpo);
    expect(await readJsonl(join(dir, 'dpo.jsonl'), DpoLine)).toEqual(dpo);
    const record = {
      query: 'q',
      tier: 'top',
      target: 't',
      abstained: false,
      q: 0.4,
      rho: 0.5,
      lambda: 1,
      candidates: [{ answer: 't', q: 0.4, round: 1 }],
      claims: [{ text: 'c', pSelf: 0.9, truth: true }],
    };
    await exportJsonl(join(dir, 'records.jsonl'), RecordLine, [record]);
    expect(await readJsonl(join(dir, 'records.jsonl'), RecordLine)).toEqual([record]);
  });
  it('refuses to write an invalid line, naming the line', async () => {
    await expect(
      exportJsonl(join(dir, 'bad.jsonl'), DpoLine, [{ prompt: '', chosen: 'a', rejected: 'b' }]),
    ).rejects.toThrow(/line 1 is invalid/);
  });
  it('refuses to read a malformed file, naming the line and field', async () => {
    writeFileSync(
      join(dir, 'broken.jsonl'),
      '{"prompt":"q","chosen":"a","rejected":"b"}\n{"prompt":"q","chosen":3}\nnot json\n',
    );
    await expect(readJsonl(join(dir, 'broken.jsonl'), DpoLine)).rejects.toThrow(
      /line 2 is invalid[\s\S]*chosen/,
    );
  });
});
