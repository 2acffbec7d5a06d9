// Every customer event checks its widget session first, whichever module handles it: a session that
// expired or was ended (erasure, "Not you? Start again") is refused at its next event, and a session
// verified by a code since the socket connected acts as the verified customer at once.
import type { Socket } from 'socket.io';
import type { CustomerIdentity, WidgetAuth } from '../auth/widget';
import { binder, type Binder, type Log } from './handle';

export function customerBinder(socket: Socket, log: Log, widget: WidgetAuth): Binder {
  const token = socket.handshake.auth?.token as string | undefined;
  return binder(socket, log, async () => {
    (socket.data as { identity: CustomerIdentity }).identity = await widget.authenticate(token);
  });
}
