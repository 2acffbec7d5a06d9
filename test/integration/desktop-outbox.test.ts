// A message an agent types in the desktop app while the hub is unreachable survives closing and
// reopening the app, and reaches the customer once the hub is back. Everything is real except
// Electron itself, which cannot run here: the preload is replaced by a fake that calls the main
// process's IPC handlers directly (with the console's frame URL, as Electron would), so the chain
// is the console's AgentLink → electronBridge → IPC handlers (origin check, zod) → the 0600 file
// in userData → a second "app run" that restores it → the restarted hub → the customer.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerIpc } from '../../electron/main/ipc';
import { outboxFile } from '../../electron/main/outboxFile';
import { secretStore } from '../../electron/main/secrets';
import { electronBridge } from '../../renderer/console/bridge/electron';
import { AgentLink, type ConnectionStatus } from '../../renderer/console/desk/agentLink';
import type { Hub } from '../../server/hub';
import { IPC, type DesktopBridge } from '../../shared/protocol/ipc';
import type { Message } from '../../shared/protocol/schemas';
import { addStaff, customerToken, login, startTestHub, tempDataDir } from '../helpers/hub';
import { collect, connectAgent, connectCustomer, ok, until } from '../helpers/sockets';

type Handler = (event: unknown, payload?: unknown) => unknown;

/** One run of the desktop app's main process (Electron faked), and the preload the console sees. */
function desktopRun(hubUrl: string, userData: string): DesktopBridge {
  const handlers = new Map<string, Handler>();
  registerIpc({ handle: (channel: string, fn: Handler) => void handlers.set(channel, fn) } as never, {
    hubUrl,
    Notification: class {
      show() {}
      on() {}
    } as never,
    dialog: { showSaveDialog: async () => ({ canceled: true, filePath: '' }) } as never,
    secrets: secretStore(join(userData, 'secrets.json'), { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' }, () => {}),
    outbox: outboxFile(join(userData, 'outbox.json'), () => {}),
    unread: () => {},
    open: () => {},
    saveDir: userData,
  });
  const invoke = async (channel: string, payload?: unknown) => handlers.get(channel)!({ senderFrame: { url: `${hubUrl}/console/` }, sender: {} }, payload);
  return {
    hubUrl: async () => (await invoke(IPC.hubUrl)) as string,
    notify: async (n) => void (await invoke(IPC.notify, n)),
    saveFile: async (f) => (await invoke(IPC.saveFile, f)) as { saved: boolean },
    secrets: {
      get: async (key) => (await invoke(IPC.secretGet, key)) as string | null,
      set: async (key, value) => void (await invoke(IPC.secretSet, { key, value })),
      delete: async (key) => void (await invoke(IPC.secretDelete, key)),
    },
    outbox: {
      load: (userId) => invoke(IPC.outboxLoad, { userId }),
      save: async (userId, pending) => void (await invoke(IPC.outboxSave, { userId, pending })),
    },
    setUnread: async (count) => void (await invoke(IPC.unread, { count })),
    onOpen: () => () => {},
  };
}

describe('desktop app: unsent messages across a restart (Electron faked: preload and main wired directly; real hub, file and sockets)', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('typed while the hub is down, the app closed and opened again: the customer gets it once, and the file is emptied', { timeout: 90_000 }, async () => {
    const dataDir = tempDataDir('desktop-outbox');
    const userData = mkdtempSync(join(tmpdir(), 'caredesk-userdata-'));
    cleanup.push(() => rmSync(userData, { recursive: true, force: true }));
    let hub: Hub = await startTestHub({ dataDir });
    cleanup.push(() => hub.close());
    const port = hub.port;

    const agent = await addStaff(hub, 'agent', 'Agent Outbox');
    const token = await login(hub.url, agent.email);
    const customerTok = await customerToken(hub.url, 'Ada Outbox', 'ada.outbox@shop.test');
    const customer = await connectCustomer(hub.url, customerTok);
    const { conversation } = await ok(customer, 'chat:start', {});
    const staff = await connectAgent(hub.url, token);
    await ok(staff, 'conversation:accept', { conversationId: conversation.id });
    staff.disconnect();
    customer.disconnect();

    // First app run: the console's live link, persisting through the bridge.
    const bridge1 = electronBridge(desktopRun(hub.url, userData));
    const statuses: ConnectionStatus[] = [];
    const events = (saveTo: ReturnType<typeof electronBridge>) => ({
      status: (s: ConnectionStatus) => void statuses.push(s),
      queue: () => {},
      thread: () => {},
      conversation: () => {},
      message: () => {},
      typing: () => {},
      read: () => {},
      revoked: (reason: string) => {
        throw new Error(`revoked: ${reason}`);
      },
      problem: () => {},
      pending: (p: Parameters<DesktopBridge['outbox']['save']>[1]) => void saveTo.outbox.save(agent.id, p),
    });
    const link1 = new AgentLink(await bridge1.connectAgent(token, { ackTimeoutMs: 1000 }), events(bridge1));
    await until(() => statuses.includes('online'), 20_000, 'first link online');
    await link1.open(conversation.id);

    // The hub goes away; the agent keeps typing.
    await hub.close();
    await until(() => statuses.at(-1) === 'reconnecting', 20_000, 'link notices the hub is gone');
    link1.send(conversation.id, 'Your parcel is with the courier, here is the tracking link.');
    const file = join(userData, 'outbox.json');
    await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('tracking link'), 20_000, 'unsent message written to userData');
    link1.close(); // the app is closed

    // The hub comes back on the same address; the app is opened again (a new main process).
    hub = await startTestHub({ dataDir, port });
    const bridge2 = electronBridge(desktopRun(hub.url, userData));
    const restored = await bridge2.outbox.load(agent.id);
    expect(restored.map((p) => p.body)).toEqual(['Your parcel is with the courier, here is the tracking link.']);
    // Nobody else signing in on this computer gets it.
    expect(await bridge2.outbox.load('someone_else')).toEqual([]);

    const customerAgain = await connectCustomer(hub.url, customerTok);
    cleanup.push(() => customerAgain.disconnect());
    const toCustomer = collect<Message>(customerAgain, 'message:new');
    // The widget, reloaded, resumes its chat (and its room) as it does after any reconnect.
    expect((await ok(customerAgain, 'chat:current', {}))?.conversation.id).toBe(conversation.id);
    const link2 = new AgentLink(await bridge2.connectAgent(token, { ackTimeoutMs: 1000 }), events(bridge2));
    cleanup.push(() => link2.close());
    link2.restore(restored);
    await until(() => !readFileSync(file, 'utf8').includes('tracking link'), 30_000, 'outbox emptied once the hub acked');

    const staffCheck = await connectAgent(hub.url, token);
    cleanup.push(() => staffCheck.disconnect());
    const t = await ok<{ messages: Message[] }>(staffCheck, 'chat:sync', { conversationId: conversation.id, afterSeq: 0 });
    expect(t.messages.filter((m) => m.body.includes('tracking link'))).toHaveLength(1);
    expect(await bridge2.outbox.load(agent.id)).toEqual([]);
    await until(() => toCustomer.some((m) => m.body.includes('tracking link')), 20_000, 'the customer receives it');
  });
});
