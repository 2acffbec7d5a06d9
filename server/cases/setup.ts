// Everything cases add to a hub, in one place so hub.ts stays a list of parts: the service, its
// socket events and HTTP routes, the demo orders on a first run, and the expiry job.
import type { Server } from 'socket.io';
import type { StaffAuth } from '../auth/staff';
import type { WidgetAuth } from '../auth/widget';
import type { ChatService } from '../chat/chatService';
import type { Clock } from '../clock';
import type { HubConfig } from '../config';
import { registerCaseRoutes } from '../http/caseRoutes';
import type { Router } from '../http/router';
import type { Mailer } from '../mail/mailer';
import { seedDemoOrdersIfEmpty } from '../orders/demo';
import { embeddedOrderSource } from '../orders/source';
import { caseBroadcast, registerCases } from '../realtime/cases';
import type { Log } from '../realtime/handle';
import type { LiveSettings } from '../settings/liveSettings';
import type { StoreApi } from '../store/api';
import type { CustomerIdentityService } from '../identity/service';
import type { Limits } from '../limits/limits';
import { casesService, type CasesService } from './service';

export interface CasesPart {
  service: CasesService;
  /** Stops the expiry job and waits for emails under way. */
  stop(): Promise<void>;
}

export async function startCases(deps: {
  io: Server;
  router: Router;
  store: StoreApi;
  /** The data folder: claim photos live under it. */
  dataDir: string;
  clock: Clock;
  config: HubConfig;
  chat: ChatService;
  staff: StaffAuth;
  widget: WidgetAuth;
  mailer: Mailer | null;
  log: Log;
  identity: CustomerIdentityService;
  limits: Limits;
  settings: LiveSettings;
}): Promise<CasesPart> {
  const { io, router, store, clock, config, log } = deps;
  const service = casesService({
    store,
    dataDir: deps.dataDir,
    clock,
    config,
    chat: deps.chat,
    orders: embeddedOrderSource(store),
    mailer: () => deps.mailer,
    events: caseBroadcast(io),
    log,
    identity: deps.identity,
    returnAddressProblem: (brandId) => deps.settings.returnAddressProblem(brandId),
  });
  registerCases(io, { auth: deps.staff, widget: deps.widget, cases: service, log });
  registerCaseRoutes(router, { staff: deps.staff, widget: deps.widget, cases: service, config, limits: deps.limits });

  if (config.settings.demoOrdersOnFirstRun) {
    const loaded = await seedDemoOrdersIfEmpty(store, clock);
    if (loaded) log('info', `No orders yet: loaded ${loaded} demo orders (DEMO-…) to try returns and claims with.`);
  }

  // Returns nothing was shipped for expire by themselves; one run at a time.
  let running: Promise<unknown> = Promise.resolve();
  const expire = () => {
    running = running.then(() => service.expireDue()).catch((e) => log('error', 'case expiry failed', { error: String(e) }));
  };
  expire();
  const timer = setInterval(expire, config.settings.caseJobIntervalMs);
  timer.unref();

  return {
    service,
    async stop() {
      clearInterval(timer);
      await running;
      await service.settled();
    },
  };
}
