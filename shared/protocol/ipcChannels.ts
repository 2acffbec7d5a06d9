// IPC channel names, free of zod so the sandboxed preload bundle stays tiny.

/** Console → main (ipcRenderer.invoke / ipcMain.handle); each has a zod schema in ipc.ts. */
export const IPC = {
  hubUrl: 'caredesk:hub-url',
  notify: 'caredesk:notify',
  saveFile: 'caredesk:save-file',
  secretGet: 'caredesk:secret-get',
  secretSet: 'caredesk:secret-set',
  secretDelete: 'caredesk:secret-delete',
  outboxLoad: 'caredesk:outbox-load',
  outboxSave: 'caredesk:outbox-save',
  unread: 'caredesk:unread',
} as const;

/** Main → console (webContents.send / ipcRenderer.on); the console validates each with ipc.ts. */
export const IPC_PUSH = {
  /** Show a chat or a transcript: a notification was clicked, or a caredesk:// link opened. */
  open: 'caredesk:open',
} as const;
