// Transcript review for supervisors (issue 9), through a real hub: the viewer's page carries the
// chat's private notes, whispers and handover notes and the claim photos of its cases; tags have
// one spelling ("damage claim" = "damage-claim") with suggestions; migration 0010 folds old ones.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE, migrate } from '../../server/store/db';
import { MIGRATIONS } from '../../server/store/migrations/index';
import { EVIDENCE_PATH } from '../../shared/protocol/cases';
import { PNG, openDesk, upload, type Desk } from '../helpers/cases';
import { tempDataDir } from '../helpers/hub';
import { ok } from '../helpers/sockets';

describe('the transcript viewer shows reviewers what staff wrote and the claim photos', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk();
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('notes of every kind and the photos come with the page, marked by kind; the view is audited with them', async () => {
    const id = desk.conversationId;
    await ok(desk.agent, 'chat:note', { conversationId: id, clientId: 'review-note-01', body: 'Customer sounds upset about the vase.' });
    await ok(desk.supervisor, 'chat:note', { conversationId: id, clientId: 'review-whisper-1', body: 'Offer the claim, not a return.' });
    const { case: claim } = await ok(desk.agent, 'cases:open-claim', { conversationId: id, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' });
    const up = await upload(desk.hub.url, desk.customerToken, claim.id, PNG, 'cracked-vase.png');
    expect(up.status).toBe(200);
    await ok(desk.agent, 'conversation:transfer', { conversationId: id, toBrandId: 'default', note: 'Handing over: claim opened, photos in.' });

    const page = await ok(desk.supervisor, 'transcripts:get', { conversationId: id });
    expect(page.notes.map((n: { kind: string; body: string }) => [n.kind, n.body])).toEqual([
      ['note', 'Customer sounds upset about the vase.'],
      ['whisper', 'Offer the claim, not a return.'],
      ['transfer', 'Handing over: claim opened, photos in.'],
    ]);
    expect(page.photos).toEqual([
      expect.objectContaining({ caseId: claim.id, caseNumber: claim.number, name: 'cracked-vase.png', mime: 'image/png', url: `${EVIDENCE_PATH}?id=${up.json.data.evidence.id}` }),
    ]);
    const [view] = desk.hub.store.audit.forSubject('conversation', id).filter((e) => e.action === 'transcript.view');
    expect(view!.detail).toMatchObject({ notes: 3, photos: 1 });
  });

  it('one spelling per tag, with the tags in use as suggestions', async () => {
    const id = desk.conversationId;
    expect((await ok(desk.supervisor, 'transcripts:tag', { conversationId: id, tag: 'Damage claim' })).tags).toEqual(['damage-claim']);
    expect((await ok(desk.supervisor, 'transcripts:tag', { conversationId: id, tag: 'damage-claim' })).tags).toEqual(['damage-claim']);
    expect((await ok(desk.supervisor, 'transcripts:tag', { conversationId: id, tag: 'damage__claim' })).tags).toEqual(['damage-claim']);
    await ok(desk.supervisor, 'transcripts:tag', { conversationId: id, tag: 'vip' });
    expect((await ok(desk.agent, 'transcripts:tags', {})).tags).toEqual([
      { tag: 'damage-claim', count: 1 },
      { tag: 'vip', count: 1 },
    ]);
    // Searching by either spelling finds it.
    const found = await ok(desk.supervisor, 'transcripts:search', { query: '', filters: { tag: 'damage claim' } });
    expect(found.results.map((r: { conversationId: string }) => r.conversationId)).toEqual([id]);
  });
});

describe('migration 0010 folds the tags stored before it into one spelling', () => {
  it('"damage claim", "Damage_Claim" and "damage-claim" on one transcript become one tag', () => {
    const dir = tempDataDir('tags-migration');
    const db = new Database(join(dir, DB_FILE));
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version < 10));
      db.pragma('foreign_keys = OFF');
      const add = db.prepare("INSERT INTO conversation_tags (conversation_id, tag, added_by, added_at) VALUES (?, ?, NULL, '2026-01-01T00:00:00.000Z')");
      for (const tag of ['damage claim', 'Damage_Claim', 'damage-claim', 'vip  client']) add.run('c_one', tag);
      add.run('c_two', 'damage claim');
      // Up to 0010 only: the rows above belong to no conversation, which a later table rebuild's
      // foreign-key check would rightly refuse.
      migrate(db, MIGRATIONS.filter((m) => m.version <= 10));
      expect(db.prepare('SELECT conversation_id, tag FROM conversation_tags ORDER BY conversation_id, tag').all()).toEqual([
        { conversation_id: 'c_one', tag: 'damage-claim' },
        { conversation_id: 'c_one', tag: 'vip-client' },
        { conversation_id: 'c_two', tag: 'damage-claim' },
      ]);
    } finally {
      db.close();
    }
  });
});
