import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { DUPLICATES_PAGE_SIZE } from './schema.ts';
import { fillerChildren } from '../../synthetic/filler-children.ts';

/** 30 open pairs: more than one page of the data quality officer's queue. */
const PAIRS = 30;

describe('the queue of likely duplicates, page by page', () => {
  let t: TestApp;
  let officer: TestClient;

  beforeAll(async () => {
    t = await buildTestApp();
    await seedSmallPartnership(t.db);
    const children = await t.db
      .insertInto('child')
      .values(fillerChildren(PAIRS * 2))
      .returning('id')
      .execute();
    const explanation = JSON.stringify({ priorWeight: -10, weight: 0, probability: 0.5, contributions: [] });
    await t.db
      .insertInto('childDuplicate')
      .values(
        Array.from({ length: PAIRS }, (_, k) => {
          const [a, b] = [children[2 * k]!.id, children[2 * k + 1]!.id].sort();
          // Pair k weighs PAIRS - k: the queue lists the heaviest first.
          return { childA: a!, childB: b!, probability: 0.5, matchWeight: PAIRS - k, explanation };
        }),
      )
      .execute();
    const user = await createTestUser(t.db, 'data_quality');
    officer = new TestClient(t.app);
    await officer.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  const pairLinks = (body: string) =>
    [...body.matchAll(/href="\/children\/duplicates\/(\d+)"/g)].map((m) => Number(m[1]));

  it('shows the heaviest pairs first, a page at a time, with links to the next and previous pages', async () => {
    const first = await officer.get('/children/duplicates');
    expect(first.statusCode).toBe(200);
    const pairs = await t.db
      .selectFrom('childDuplicate')
      .select(['id', 'matchWeight'])
      .orderBy('matchWeight', 'desc')
      .execute();
    expect(new Set(pairLinks(first.body))).toEqual(
      new Set(pairs.slice(0, DUPLICATES_PAGE_SIZE).map((p) => p.id)),
    );
    expect(first.body).toMatch(/govuk-pagination__next[\s\S]*?href="\?page=2"/);
    expect(first.body).not.toMatch(/govuk-pagination__prev/);

    const second = await officer.get('/children/duplicates?page=2');
    expect(new Set(pairLinks(second.body))).toEqual(
      new Set(pairs.slice(DUPLICATES_PAGE_SIZE).map((p) => p.id)),
    );
    expect(second.body).toMatch(/govuk-pagination__prev[\s\S]*?href="\?page=1"/);
    expect(second.body).not.toMatch(/govuk-pagination__next/);
  });
});
