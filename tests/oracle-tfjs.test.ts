// Every model tfjs-layers built and counted must come out the same here (see tfjs-oracle.ts).
import { describe, expect, it } from 'vitest';
import { importKerasModel } from '../src/shared/keras/import';
import { expectLikeTfjs, fixtures } from './tfjs-oracle';

describe('tfjs-layers oracle', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThan(100));

  it.each(fixtures)('%s', (_file, fixture) => expectLikeTfjs(importKerasModel(fixture.model), fixture));
});
