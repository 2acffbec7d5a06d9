// The customer's PDF copy (issues 9 and 10): in the customer's language, the brand's name, times in
// the customer's time zone with the offset, page numbers, no internal id; every script it holds
// rendered with an embedded font, and its text extracts as written (read through ToUnicode).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { pdfText } from '../helpers/pdfText';
import { connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

describe('PDF copies in the customer’s language and scripts', () => {
  let hub: Hub;
  let agent: AgentSocket;
  let customer: CustomerSocket;
  let token: string;
  let conversationId: string;

  beforeAll(async () => {
    hub = await startTestHub({ settings: { brands: { maison: { deskName: 'Maison Care', careAddress: 'care@maison.test', accentColor: '#6b2737' } } } });
    const a = await addStaff(hub, 'agent', 'Sato Agent');
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    token = await customerToken(hub.url, '山田 花子', 'hanako@shop.test');
    customer = await connectCustomer(hub.url, token);
    // The widget sends the page's language and the browser's time zone.
    conversationId = (await ok(customer, 'chat:start', { brandId: 'maison', locale: 'ja-JP', timeZone: 'Asia/Tokyo' })).conversation.id;
    await ok(customer, 'chat:send', { conversationId, clientId: 'msg-ja-000001', body: 'バッグの留め金が壊れています。交換できますか？' });
    await ok(agent, 'conversation:accept', { conversationId });
    await ok(agent, 'chat:send', { conversationId, clientId: 'msg-ja-000002', body: '申し訳ございません。新しいものをお送りします。 We will send a new one. 我们会寄出新的。 سنرسل واحدة جديدة.' });
  });
  afterAll(async () => {
    agent?.close();
    customer?.close();
    await hub?.close();
  });

  it('a Japanese copy whose text extracts as written, with the brand, local times and page numbers', async () => {
    const res = await fetch(`${hub.url}/api/widget/transcript?format=pdf&conversationId=${conversationId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    // No internal id in the file name: the brand and the day (in Japanese, RFC 5987 encoded).
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).not.toContain(conversationId);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toMatch(/^Maison Care チャット \d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = pdfText(pdf);
    expect(text).toContain('Maison Care: チャット記録');
    expect(text).toContain('お客様: 山田 花子 <hanako@shop.test>');
    expect(text).toContain('バッグの留め金が壊れています。交換できますか？');
    expect(text).toContain('申し訳ございません。新しいものをお送りします。');
    expect(text).toContain('We will send a new one.');
    expect(text).toContain('我们会寄出新的。');
    // Times in Tokyo with the offset, not UTC.
    expect(text).toMatch(/GMT\+9/);
    expect(text).toContain('1 / 1 ページ');
    expect(text).not.toContain(conversationId);
    expect(text).not.toContain('\uFFFD');
    // The fonts are embedded (Noto subsets), not the standard 14 that cannot draw these scripts.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(pdf.toString('latin1')).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('the Arabic part is drawn with an Arabic font and extracts as Arabic letters', async () => {
    const res = await fetch(`${hub.url}/api/widget/transcript?format=pdf&conversationId=${conversationId}`, { headers: { authorization: `Bearer ${token}` } });
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.toString('latin1')).toMatch(/NotoSansArabic/);
    const arabic = [...pdfText(pdf)].filter((c) => /\p{Script=Arabic}/u.test(c)).join('');
    // Shaped (joined) forms map back to the same letters. (Noto draws jeem as hah's shape plus a dot
    // mark, and a PDF maps each glyph to one text: jeem extracts as hah, in any reader.)
    for (const letter of 'سنرلوحدةي') expect(arabic).toContain(letter);
    // Nothing drawn with a font that lacks the letter.
    expect(arabic).not.toContain('\uFFFD');
  });

  it('pages beyond the first are numbered too', async () => {
    for (let i = 0; i < 60; i++) await ok(customer, 'chat:send', { conversationId, clientId: `msg-ja-1${String(i).padStart(5, '0')}`, body: `追加のメッセージ ${i + 1}。配送状況を教えてください。` });
    const res = await fetch(`${hub.url}/api/widget/transcript?format=pdf&conversationId=${conversationId}`, { headers: { authorization: `Bearer ${token}` } });
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    const pages = Number(/1 \/ (\d+) ページ/.exec(text)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`${pages} / ${pages} ページ`);
    expect(text).toContain('追加のメッセージ 60。');
  });
});
