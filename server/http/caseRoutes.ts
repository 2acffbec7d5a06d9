// HTTP for cases (issue 5): claim photos uploaded from the widget, and photos fetched by staff.
// Everything else about cases goes over socket.io (server/realtime/cases.ts).
import { EVIDENCE_PATH, UPLOAD_PATH } from '../../shared/protocol/cases';
import { DeskError } from '../../shared/protocol/errors';
import type { StaffAuth } from '../auth/staff';
import type { WidgetAuth } from '../auth/widget';
import type { CasesService } from '../cases/service';
import type { HubConfig } from '../config';
import type { Limits } from '../limits/limits';
import { FileReply, type Router } from './router';

const param = (url: URL, name: string, max: number): string | null => {
  const v = url.searchParams.get(name);
  return v === null || v === '' ? null : v.slice(0, max);
};

export function registerCaseRoutes(router: Router, deps: { staff: StaffAuth; widget: WidgetAuth; cases: CasesService; config: HubConfig; limits: Limits }) {
  const { staff, widget, cases, config } = deps;
  router
    // The photo is the raw request body (Content-Type is not trusted: the bytes are checked).
    // ?caseId=…&name=<the file's name, for the agent's eyes>
    .postRaw(UPLOAD_PATH, () => config.settings.uploads.maxBytes, async ({ url, body, bearer, address }) => {
      const identity = await widget.authenticate(bearer);
      const caseId = param(url, 'caseId', 64);
      if (!caseId) throw new DeskError('invalid_payload', 'Say which case the photo is for: ?caseId=…');
      await deps.limits.consume('upload', { address, email: identity.customer.email });
      return cases.uploadPhoto(identity, caseId, body, param(url, 'name', 255));
    })
    .get(EVIDENCE_PATH, async ({ url, bearer }) => {
      const { user } = await staff.authenticate(bearer);
      const id = param(url, 'id', 64);
      if (!id) throw new DeskError('invalid_payload', 'Say which photo: ?id=…');
      const photo = await cases.photo(user, id);
      return new FileReply(photo.bytes, photo.mime, photo.name);
    });
}
