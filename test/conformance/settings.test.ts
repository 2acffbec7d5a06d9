// Brand settings (store.settings) on both backends.
import { expect, it } from 'vitest';
import { forEachBackend } from '../helpers/storeBackends';

forEachBackend('brand settings', (b) => {
  it('saves, replaces and lists settings by brand', async () => {
    const s = b.api();
    expect(await s.settings.brands()).toEqual([]);
    await s.write((tx) => tx.settings.save('maison', { greeting: 'Bonjour' }, '2026-12-01T10:00:00.000Z', null));
    await s.write((tx) => tx.settings.save('atelier', { hours: { open: 9 } }, '2026-12-01T10:01:00.000Z', null));
    await s.write((tx) => tx.settings.save('maison', { greeting: 'Bonsoir' }, '2026-12-01T11:00:00.000Z', null));
    expect(await s.settings.brands()).toEqual([
      { brandId: 'atelier', data: { hours: { open: 9 } }, updatedAt: '2026-12-01T10:01:00.000Z', updatedBy: null },
      { brandId: 'maison', data: { greeting: 'Bonsoir' }, updatedAt: '2026-12-01T11:00:00.000Z', updatedBy: null },
    ]);
  });

  it('an empty object removes the brand, so config.json applies again', async () => {
    const s = b.api();
    await s.write((tx) => tx.settings.save('maison', { greeting: 'Bonjour' }, '2026-12-01T10:00:00.000Z', null));
    await s.write((tx) => tx.settings.save('maison', {}, '2026-12-01T10:05:00.000Z', null));
    expect(await s.settings.brands()).toEqual([]);
  });

  it('a write that throws stores nothing of itself, and other writes still land', async () => {
    const s = b.api();
    const failing = s.write(async (tx) => {
      await tx.settings.save('maison', { greeting: 'lost' }, '2026-12-01T10:00:00.000Z', null);
      throw new Error('changed my mind');
    });
    const landing = s.write((tx) => tx.settings.save('atelier', { greeting: 'kept' }, '2026-12-01T10:00:00.000Z', null));
    await expect(failing).rejects.toThrow('changed my mind');
    await landing;
    expect((await s.settings.brands()).map((r) => r.brandId)).toEqual(['atelier']);
  });

  it('what one store writes, another on the same database reads', async () => {
    await b.api().write((tx) => tx.settings.save('maison', { greeting: 'Bonjour' }, '2026-12-01T10:00:00.000Z', null));
    const other = await b.another();
    expect((await other.settings.brands()).map((r) => r.data)).toEqual([{ greeting: 'Bonjour' }]);
  });
});
