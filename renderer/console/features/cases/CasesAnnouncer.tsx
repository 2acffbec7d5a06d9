import { Announcer } from '../../../common/Announcer';
import { useCases } from './casesStore';

/** After each step: "RMA-2026-000001: In transit." */
export const CasesAnnouncer = () => <Announcer announcement={useCases((s) => s.announcement)} testId="cases-announcement" />;
