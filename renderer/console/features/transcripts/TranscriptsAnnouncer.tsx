import { Announcer } from '../../../common/Announcer';
import { useTranscripts } from './transcriptsStore';

/** "Copy to … failed." and the like. */
export const TranscriptsAnnouncer = () => <Announcer announcement={useTranscripts((s) => s.announcement)} testId="transcripts-announcement" />;
