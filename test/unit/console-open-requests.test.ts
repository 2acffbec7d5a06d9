// What the console does with a request to show a chat or a transcript (a clicked notification, a
// caredesk:// link), with the bridge replaced by a fake (no Electron runtime here, no browser in
// a unit test): a request that arrives before sign-in waits for the desk, and a chat waits for
// the live link before it is opened.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenTarget } from '../../shared/protocol/ipc';

const fake = vi.hoisted(() => {
  let push: ((t: OpenTarget) => void) | null = null;
  return {
    bridge: {
      onOpen: (h: (t: OpenTarget) => void) => {
        push = h;
        return () => void (push = null);
      },
    },
    push: (t: OpenTarget) => push?.(t),
  };
});
vi.mock('../../renderer/console/bridge', () => ({ bridge: fake.bridge }));

const { onOpenRequest, showTarget } = await import('../../renderer/console/desk/openRequests');
const { useConnection } = await import('../../renderer/console/features/connection/connectionStore');
const { useConversation } = await import('../../renderer/console/features/conversation/conversationStore');
const { useTranscripts } = await import('../../renderer/console/features/transcripts/transcriptsStore');

describe('console open requests (fake bridge)', () => {
  const select = vi.fn(async () => {});
  const open = vi.fn(async () => {});
  beforeEach(() => {
    select.mockClear();
    open.mockClear();
    useConversation.setState({ select });
    useTranscripts.setState({ open });
    useConnection.getState().setStatus('offline');
  });

  it('a link that came before sign-in is handed to the desk when it subscribes, once', () => {
    fake.push({ kind: 'chat', conversationId: 'c1' });
    const seen: OpenTarget[] = [];
    const stop = onOpenRequest((t) => seen.push(t));
    expect(seen).toEqual([{ kind: 'chat', conversationId: 'c1' }]);
    fake.push({ kind: 'transcript', conversationId: 'c2' });
    expect(seen).toEqual([
      { kind: 'chat', conversationId: 'c1' },
      { kind: 'transcript', conversationId: 'c2' },
    ]);
    stop();
    const later: OpenTarget[] = [];
    const stop2 = onOpenRequest((t) => later.push(t));
    expect(later).toEqual([]);
    stop2();
  });

  it('a chat: Chats shown at once, the chat opened once the link to the hub is up', async () => {
    const setView = vi.fn();
    const shown = showTarget({ kind: 'chat', conversationId: 'c7' }, setView);
    expect(setView).toHaveBeenCalledWith('chats');
    await Promise.resolve();
    expect(select).not.toHaveBeenCalled();
    useConnection.getState().setStatus('online');
    await shown;
    expect(select).toHaveBeenCalledWith('c7');
  });

  it('a transcript: Transcripts shown with that transcript open', async () => {
    useConnection.getState().setStatus('online');
    const setView = vi.fn();
    await showTarget({ kind: 'transcript', conversationId: 'c8' }, setView);
    expect(setView).toHaveBeenCalledWith('transcripts');
    expect(open).toHaveBeenCalledWith('c8');
    expect(select).not.toHaveBeenCalled();
  });
});
