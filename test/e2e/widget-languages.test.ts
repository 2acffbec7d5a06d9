// The widget in the customer's language (issue 10): French from ?lang=fr, Arabic right to left,
// Japanese with its PDF copy, each checked with axe; the chat keeps the customer's language and
// time zone for its copies whatever the agent's language.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn } from '../helpers/caseScreens';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { nextCode } from '../helpers/identity';
import { pdfText } from '../helpers/pdfText';
import { connectAgent, ok, type AgentSocket } from '../helpers/sockets';
import { startSmtp } from '../helpers/transcripts';

describe('the widget in the customer’s language', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: AgentSocket;
  let agentEmail: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    // A real SMTP server: a guest confirms their address with a code emailed to it.
    smtp = await startSmtp();
    hub = await startTestHub({
      settings: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { maison: { deskName: 'Maison Care', careAddress: 'care@maison.test', accentColor: '#6b2737' } },
      },
    });
    // The console asks for the first admin until one exists.
    await addStaff(hub, 'admin', 'Ada Admin');
    const a = await addStaff(hub, 'agent', 'Sato Agent');
    agentEmail = a.email;
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    browser = await launchChromium();
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await hub?.close();
    await smtp?.close();
  });

  const page = async (timezoneId: string, locale = 'en-US'): Promise<Page> => (await browser.newContext({ viewport: { width: 400, height: 700 }, timezoneId, locale })).newPage();
  const conversationOf = (email: string) => hub.store.db.prepare('SELECT c.id, c.customer_locale AS locale, c.customer_time_zone AS tz FROM conversations c JOIN customers k ON k.id = c.customer_id WHERE k.email = ?').get(email) as { id: string; locale: string; tz: string };

  it('in French from ?lang=fr, whatever the browser’s language', async () => {
    const p = await page('Europe/Paris');
    await p.goto(`${hub.url}/widget/?brand=maison&lang=fr`);
    await p.getByRole('heading', { name: 'Démarrer une conversation' }).waitFor();
    expect(await p.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
    expect(await p.getByTestId('retention-notice').textContent()).toBe('Cette conversation est enregistrée pour des raisons de sécurité et de qualité et conservée 13 mois.');
    await p.getByLabel('Nom').fill('Camille Durand');
    await p.getByLabel('E-mail').fill('camille@shop.test');
    await p.getByRole('button', { name: 'Démarrer la conversation' }).click();
    await expect.poll(() => p.getByTestId('chat-status').textContent(), { timeout: 15_000 }).toBe('En attente d’un conseiller…');
    expect(await p.getByPlaceholder('Écrivez votre message').count()).toBe(1);
    await expectNoAxeViolations(p, 'widget in French');
    expect(conversationOf('camille@shop.test')).toMatchObject({ locale: 'fr', tz: 'Europe/Paris' });
  });

  it('in Arabic, right to left, from the browser’s language', async () => {
    const p = await page('Asia/Dubai', 'ar-AE');
    await p.goto(`${hub.url}/widget/?brand=maison`);
    await p.getByRole('heading', { name: 'ابدأ محادثة' }).waitFor();
    expect(await p.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    // Laid out right to left: the form's text starts at the right edge.
    expect(await p.getByTestId('widget').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await p.getByLabel('الاسم').fill('ليلى');
    await p.getByLabel('البريد الإلكتروني').fill('layla@shop.test');
    await p.getByRole('button', { name: 'ابدأ الدردشة' }).click();
    await expect.poll(() => p.getByTestId('chat-status').textContent(), { timeout: 15_000 }).toBe('في انتظار أحد الموظفين…');
    const composer = p.getByPlaceholder('اكتب رسالتك');
    const box = (await composer.boundingBox())!;
    const label = (await p.getByTestId('chat-status').boundingBox())!;
    // The status line hugs the right edge in RTL.
    expect(label.x + label.width).toBeGreaterThan(box.x + box.width - 40);
    await expectNoAxeViolations(p, 'widget in Arabic (rtl)');
    await screenshot(p, 'widget-arabic');
    expect(conversationOf('layla@shop.test')).toMatchObject({ locale: 'ar', tz: 'Asia/Dubai' });
  });

  /** The words of the privacy panel, ending and rating the chat, and confirming the email, in one language. */
  interface ClosingWords {
    lang: 'fr' | 'ar';
    timezoneId: string;
    name: string;
    email: string;
    nameLabel: string;
    emailLabel: string;
    start: string;
    show: string;
    privacyTitle: string;
    privacyQuestion: string;
    erase: string;
    codeNote: string;
    endChat: string;
    endQuestion: string;
    keep: string;
    endYes: string;
    rateTitle: string;
    send: string;
    missing: string;
    scoreLabel: string;
    thanks: string;
    confirmEmail: string;
    codeHint: RegExp;
    codeLabel: string;
    confirm: string;
    confirmed: string;
  }

  async function closingScreens(w: ClosingWords): Promise<Page> {
    const p = await page(w.timezoneId);
    await p.goto(`${hub.url}/widget/?brand=maison&lang=${w.lang}`);
    await p.getByLabel(w.nameLabel).fill(w.name);
    await p.getByLabel(w.emailLabel).fill(w.email);
    await p.getByRole('button', { name: w.start }).click();
    await p.getByTestId('chat-status').waitFor({ timeout: 15_000 });

    // Your privacy: folded, then open with its choices.
    const privacy = p.getByTestId('your-privacy');
    await privacy.getByRole('heading', { name: w.privacyTitle }).waitFor();
    await privacy.getByRole('button', { name: w.show }).click();
    await privacy.getByRole('group', { name: w.privacyQuestion }).waitFor();
    expect(await privacy.getByRole('radio', { name: w.erase }).count()).toBe(1);
    expect(await privacy.getByText(w.codeNote).count()).toBe(1);
    await expectNoAxeViolations(p, `widget privacy panel (${w.lang})`);

    // End chat asks first, on its safe answer.
    await p.getByRole('button', { name: w.endChat }).click();
    const confirm = p.getByTestId('end-chat-confirm');
    expect(await confirm.textContent()).toContain(w.endQuestion);
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(w.keep);
    await expectNoAxeViolations(p, `widget end-chat question (${w.lang})`);
    await confirm.getByRole('button', { name: w.endYes }).click();

    // How did we do? Refused without a score, then thanked in the language.
    const rate = p.getByTestId('rate-chat');
    await rate.getByRole('group', { name: w.rateTitle }).waitFor({ timeout: 15_000 });
    await rate.getByRole('button', { name: w.send }).click();
    expect(await rate.getByRole('alert').textContent()).toBe(w.missing);
    await expectNoAxeViolations(p, `widget rating (${w.lang})`);
    await rate.getByLabel(w.scoreLabel).check({ force: true });
    await rate.getByRole('button', { name: w.send }).click();
    await expect.poll(() => p.getByTestId('rating-thanks').textContent().catch(() => null)).toBe(w.thanks);

    // The copy by email needs the address confirmed: a real code by real mail.
    const seen = smtp.mails.length;
    await p.getByRole('button', { name: w.confirmEmail }).click();
    const code = await nextCode(smtp.mails, w.email, seen);
    const form = p.getByTestId('verify-email-form');
    expect(await form.textContent()).toMatch(w.codeHint);
    // The address, masked by the hub, in bold wherever the language puts it.
    expect(await form.locator('strong').textContent()).toBe(w.email.replace(/^(.)[^@]*/, '$1•••'));
    await expectNoAxeViolations(p, `widget email confirmation (${w.lang})`);
    await form.getByLabel(w.codeLabel).fill(code);
    await form.getByRole('button', { name: w.confirm, exact: true }).click();
    await p.getByTestId('widget-verified').waitFor();
    expect(await p.getByTestId('widget-verified').textContent()).toBe(w.confirmed);
    return p;
  }

  it('in French: the privacy panel, ending and rating the chat, and confirming the email', async () => {
    await closingScreens({
      lang: 'fr',
      timezoneId: 'Europe/Paris',
      name: 'Élise Martin',
      email: 'elise@shop.test',
      nameLabel: 'Nom',
      emailLabel: 'E-mail',
      start: 'Démarrer la conversation',
      show: 'Afficher',
      privacyTitle: 'Vos données personnelles',
      privacyQuestion: 'Que souhaitez-vous que nous fassions ?',
      erase: 'Effacer mes données',
      codeNote: 'Nous enverrons un code à 6 chiffres à l’adresse indiquée, pour nous assurer qu’il s’agit bien de vous.',
      endChat: 'Terminer la conversation',
      endQuestion: 'Terminer cette conversation ?',
      keep: 'Continuer la conversation',
      endYes: 'Oui, terminer la conversation',
      rateTitle: 'Comment s’est passé notre échange ?',
      send: 'Envoyer ma note',
      missing: 'Veuillez d’abord choisir une note de 1 à 5 étoiles.',
      scoreLabel: '4 sur 5 : Bien',
      thanks: 'Merci pour votre note (4 sur 5 : bien).',
      confirmEmail: 'Confirmer elise@shop.test',
      codeHint: /^Nous avons envoyé un code à e•••@shop\.test\. Il est valable \d+ minutes\./,
      codeLabel: 'Code reçu par e-mail',
      confirm: 'Confirmer',
      confirmed: 'e-mail confirmé',
    });
  });

  it('in Arabic, right to left: the same screens', async () => {
    const p = await closingScreens({
      lang: 'ar',
      timezoneId: 'Asia/Dubai',
      name: 'سلمى',
      email: 'salma@shop.test',
      nameLabel: 'الاسم',
      emailLabel: 'البريد الإلكتروني',
      start: 'ابدأ الدردشة',
      show: 'عرض',
      privacyTitle: 'خصوصيتك',
      privacyQuestion: 'ماذا تريد منا أن نفعل؟',
      erase: 'محو بياناتي',
      codeNote: 'سنرسل رمزًا من 6 أرقام إلى العنوان الذي قدّمته، للتأكد من أنك صاحبه.',
      endChat: 'إنهاء المحادثة',
      endQuestion: 'هل تريد إنهاء هذه المحادثة؟',
      keep: 'متابعة المحادثة',
      endYes: 'نعم، أنهِ المحادثة',
      rateTitle: 'كيف كانت خدمتنا؟',
      send: 'إرسال التقييم',
      missing: 'يُرجى أولًا اختيار تقييم من 1 إلى 5 نجوم.',
      scoreLabel: '4 من 5: جيد',
      thanks: 'شكرًا لتقييمك (4 من 5: جيد).',
      confirmEmail: 'تأكيد salma@shop.test',
      codeHint: /^أرسلنا رمزًا إلى s•••@shop\.test\. وهو صالح لمدة .+ دقيقة\./,
      codeLabel: 'الرمز الوارد في البريد الإلكتروني',
      confirm: 'تأكيد',
      confirmed: 'البريد الإلكتروني مؤكَّد',
    });
    expect(await p.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await p.getByTestId('your-privacy').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await screenshot(p, 'widget-arabic-ended');
  });

  it('in Japanese, and the downloaded PDF copy is in Japanese with text that extracts as written', async () => {
    const p = await page('Asia/Tokyo');
    await p.goto(`${hub.url}/widget/?brand=maison&lang=ja`);
    await p.getByLabel('お名前').fill('山田 花子');
    await p.getByLabel('メールアドレス').fill('hanako@shop.test');
    await p.getByRole('button', { name: 'チャットを開始' }).click();
    await p.getByPlaceholder('メッセージを入力').fill('バッグの留め金が壊れています。');
    await p.getByPlaceholder('メッセージを入力').press('Enter');
    const { id } = conversationOf('hanako@shop.test');
    await expect.poll(() => hub.store.conversations.get(id)?.lastSeq ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    // The agent answers in English and ends the chat: the customer's copy stays in Japanese.
    await ok(agent, 'conversation:accept', { conversationId: id });
    await ok(agent, 'chat:send', { conversationId: id, clientId: 'agent-ja-0001', body: 'We will send a new clasp today.' });
    await ok(agent, 'conversation:end', { conversationId: id });
    await p.getByTestId('chat-ended').waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('chat-ended').textContent()).toContain('このチャットは終了しました。');
    await expectNoAxeViolations(p, 'widget in Japanese, chat ended');
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'ダウンロード（PDF）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Maison Care チャット \d{4}-\d{2}-\d{2}\.pdf$/);
    const text = pdfText(readFileSync((await download.path())!));
    expect(text).toContain('Maison Care: チャット記録');
    expect(text).toContain('バッグの留め金が壊れています。');
    expect(text).toContain('We will send a new clasp today.');
    expect(text).toMatch(/GMT\+9/);
    expect(text).toContain('1 / 1 ページ');
    expect(text).not.toContain(id);
  });

  it('each agent picks the console’s language; it is kept with the account', async () => {
    const p = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(p, hub.url, agentEmail);
    await p.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Sessions' }).click();
    await p.getByLabel('Console language').selectOption('fr');
    await expect.poll(() => p.getByTestId('language-saved').textContent()).toBe('Langue de la console enregistrée.');
    await expectNoAxeViolations(p, 'console language picker');
    // Another sign-in (another computer) comes back in French.
    const other = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(other, hub.url, agentEmail);
    // The whole desk is French now, its sections too.
    await other.getByRole('navigation', { name: 'Sections du poste' }).getByRole('button', { name: 'Sessions' }).click();
    await other.getByLabel('Langue de la console').waitFor();
    expect(await other.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(hub.store.users.locale(hub.store.users.byEmail(agentEmail)!.id)).toBe('fr');
  });
});
