// Reports over the agent socket (issue 9, docs/PROTOCOL.md "Reports"): supervisors and admins.
import type { Ack } from '../../../shared/protocol/errors';
import type { ReportQuery, ReportSummary } from '../../../shared/protocol/reports';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export interface ReportsApi {
  summary(query: ReportQuery): Promise<ReportSummary>;
}

export function reportsApi(socket: AgentSocket): ReportsApi {
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };
  return {
    summary: (query) => ask(() => socket.emitWithAck('reports:summary', query)),
  };
}
