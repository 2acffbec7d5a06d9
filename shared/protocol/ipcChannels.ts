// IPC channel names, free of zod so the sandboxed preload bundle stays tiny.
export const IPC = {
  hubUrl: 'caredesk:hub-url',
  notify: 'caredesk:notify',
  saveFile: 'caredesk:save-file',
  secretGet: 'caredesk:secret-get',
  secretSet: 'caredesk:secret-set',
  secretDelete: 'caredesk:secret-delete',
} as const;
