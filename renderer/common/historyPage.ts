// How many messages a long chat's page holds where it is read in pages (the chat pane opens on its
// newest, the Transcripts viewer on its end or a hit): a screenful and some history, so scrolling
// up rarely waits. The hub caps it at settings.transcriptPageMax.
export const HISTORY_PAGE = 200;
