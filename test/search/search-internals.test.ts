import { describe, expect, it } from 'vitest';
import { retargetIndexDefinition } from '../../src/search/postgres/table-clone.ts';
import { CorrectionChoice, DistancesFrom, editDistance, isCorrectable, typoBudget } from '../../src/search/embedded/typo-correction.ts';

describe('typo correction', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('city', 'city')).toBe(0);
    expect(editDistance('citty', 'city')).toBe(1);
    expect(editDistance('cyberpnuk', 'cyberpunk')).toBe(1);
    expect(editDistance('lonley', 'lonely')).toBe(1);
    expect(editDistance('zebra', 'cobra')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('東京', '京東')).toBe(1);
  });

  it('stops counting past a limit, answering limit + 1, and never below the true distance', () => {
    expect(editDistance('lighthouse', 'xxxxxxxxxx', 2)).toBe(3);
    expect(editDistance('lonley', 'lonely', 1)).toBe(1);
    expect(editDistance('abcdef', 'badcfe', 2)).toBe(3);
    expect(editDistance('abcdef', 'badcfe')).toBe(3);
  });

  it('measures the same distance bit-parallel as with the table, for any word up to 40 letters and any prefix', () => {
    let state = 5;
    const random = () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return state / 2 ** 32;
    };
    // Few letters (many matches, swaps and repeats), an accented one and an ideograph.
    const letters = ['a', 'b', 'c', 'é', '東'];
    const wordOf = (length: number) => Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join('');
    for (let trial = 0; trial < 4_000; trial++) {
      const word = wordOf(Math.floor(random() * 41));
      const other = random() < 0.5 ? wordOf(Math.floor(random() * 41)) : [...word].map((c) => (random() < 0.15 ? wordOf(Math.floor(random() * 3)) : c)).join('');
      const take = random() < 0.5 ? other.length : Math.floor(random() * (other.length + 1));
      expect([word, other, take, new DistancesFrom(word).to(other, take)]).toEqual([word, other, take, editDistance(word, other.slice(0, take))]);
    }
    expect(new DistancesFrom('lonley').to('lonely', 6)).toBe(1);
    expect(new DistancesFrom('cyberpnu').to('cyberpunk', 8)).toBe(1);
  });

  it('allows typos the way Meilisearch does: none below 5 letters, one from 5, two from 9', () => {
    expect([4, 5, 8, 9, 20].map(typoBudget)).toEqual([0, 1, 1, 2, 2]);
  });

  it('only corrects letter words long enough to have a typo budget', () => {
    expect(isCorrectable('citty')).toBe(true);
    expect(isCorrectable('été')).toBe(false);
    expect(isCorrectable('cyty')).toBe(false);
    expect(isCorrectable('sdxl1')).toBe(false);
  });

  const choose = (word: string, isPrefix: boolean, ...entries: [string, number][]) => {
    const choice = new CorrectionChoice(word, isPrefix);
    entries.forEach(([candidate, frequency], id) => choice.consider(candidate, frequency, id));
    return choice.bestId === undefined ? undefined : entries[choice.bestId]?.[0];
  };

  it('picks the closest candidate within the budget, the more frequent winning ties', () => {
    expect(choose('citty', false, ['kitty', 10], ['city', 500], ['pity', 40])).toBe('city');
    expect(choose('citty', false, ['kitty', 900], ['city', 500])).toBe('kitty');
    expect(choose('cyberpnuk', false, ['cyberpunks', 900], ['cyberpunk', 1])).toBe('cyberpunk');
    expect(choose('zebra', false, ['cobra', 1])).toBeUndefined();
    expect(choose('lighthuose', false, ['lighthouses', 5], ['lighthouse', 5])).toBe('lighthouse');
  });

  it('compares a word still being typed with the beginning of each candidate', () => {
    expect(choose('cyberpnu', true, ['cyberpunk', 1])).toBe('cyberpunk');
    expect(choose('cyberpnu', false, ['cyberpunk', 1])).toBeUndefined();
  });
});

describe('retargetIndexDefinition', () => {
  it('renames an index definition and points it at the clone table', () => {
    expect(
      retargetIndexDefinition(
        'CREATE INDEX search_documents_newest_idx ON public.search_documents USING btree (published_at DESC NULLS LAST, id DESC)',
        'search_documents_newest_idx_next',
        'search_documents',
        'search_documents_next',
      ),
    ).toBe(
      'CREATE INDEX search_documents_newest_idx_next ON public.search_documents_next USING btree (published_at DESC NULLS LAST, id DESC)',
    );
    expect(
      retargetIndexDefinition('CREATE UNIQUE INDEX t_pkey ON t USING btree (id)', 't_pkey_next', 't', 't_next'),
    ).toBe('CREATE UNIQUE INDEX t_pkey_next ON t_next USING btree (id)');
  });

  it('refuses a definition for another table', () => {
    expect(() => retargetIndexDefinition('CREATE INDEX x ON public.other USING gin (v)', 'x_next', 't', 't_next')).toThrow(
      /unexpected index definition/,
    );
  });
});
