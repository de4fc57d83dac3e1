// Batch results for review queue tests: journalled 'done' records with their output files.
import { VERDICT_VERSION } from '../../src/core/review/verdict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, type DoneRecord } from '../../src/core/batch/journal';
import type { FactSummary } from '../../src/core/provenance/types';

export const facts = (score: number, verdict: FactSummary['verdict']): FactSummary => ({ score, verdict, kept: 3, dropped: 0, altered: 0, added: 0, verdictVersion: VERDICT_VERSION });

export interface SeedItem {
  id: string;
  score?: number;
  verdict?: FactSummary['verdict'];
  style?: string;
  audience?: string;
}

/** Journals one 'done' record per item in batch `batchId` of workspace `ws`; outputs are docs/<id>.out.md. */
export async function seedBatch(ws: string, batchId: string, items: SeedItem[]): Promise<void> {
  mkdirSync(join(ws, 'docs'), { recursive: true });
  const j = await Journal.open(ws, batchId);
  for (const [n, it] of items.entries()) {
    const out = `docs/${it.id}.out.md`;
    writeFileSync(join(ws, out), `rewrite of ${it.id}\n`);
    const rec: DoneRecord = {
      t: 'done',
      key: `k${batchId}${n}`,
      job: it.id,
      time: `2026-01-01T00:00:0${n}.000Z`,
      rewriteId: `r-${it.id}`,
      output: { path: out, sha256: 'o' },
      source: { path: `docs/${it.id}.md`, sha256: 's' },
      style: it.style ?? 'textbook',
      audience: it.audience ?? 'college',
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      flags: [],
      ...(it.score !== undefined ? { facts: facts(it.score, it.verdict!), verdict: it.verdict } : {}),
    };
    await j.append(rec);
  }
  await j.close();
}
