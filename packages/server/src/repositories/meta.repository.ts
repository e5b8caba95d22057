import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { meta } from '../db/schema/index.ts';

export async function getMeta<T>(db: DbOrTx, key: string): Promise<T | null> {
  const [row] = await db.select().from(meta).where(eq(meta.key, key));
  return (row?.value as T | undefined) ?? null;
}

export async function setMeta(db: DbOrTx, key: string, value: unknown): Promise<void> {
  await db
    .insert(meta)
    .values({ key, value })
    .onConflictDoUpdate({ target: meta.key, set: { value, updatedAt: new Date() } });
}
