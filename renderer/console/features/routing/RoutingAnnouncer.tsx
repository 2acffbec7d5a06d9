import { Announcer } from '../../../common/Announcer';
import { useRouting } from './routingStore';

/** Routing news: offers, lapses, transfers, status. */
export const RoutingAnnouncer = () => <Announcer announcement={useRouting((s) => s.announcement)} testId="routing-announcer" />;
