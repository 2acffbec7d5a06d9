// English: the source catalogue. Every other locale has exactly these keys (TypeScript and
// test/unit/i18n-catalogues.test.ts both check). ICU MessageFormat syntax.
export const en = {
  'mail.greeting': 'Dear {name},',
  'mail.greetingNoName': 'Hello,',
  'mail.signoff': 'Kind regards,',
  'mail.team': 'The {deskName} team',
  'mail.reference': 'Reference: {ref}',
  'mail.replyHint': 'Reply to this email to continue; please keep {ref} in the subject.',
  'mail.youWrote': 'You wrote:',
  'mail.ack.subject': 'We have received your message [{ref}]',
  'mail.ack.body': 'Thank you for writing to {deskName}. We have received your message and will answer as soon as we can during our opening hours. Your reference is {ref}.',
  'mail.answer.subject': 'Re: {subject} [{ref}]',
  'mail.answer.subjectNone': 'Your message to {deskName} [{ref}]',
  'mail.copy.subject': 'Your chat with {deskName}',
  'mail.copy.body': 'Here is the copy of your chat that you asked for. The PDF is attached.',
  'pdf.title': '{deskName}: chat transcript',
  'pdf.customer': 'Customer: {name} <{email}>',
  'pdf.started': 'Started: {when}',
  'pdf.ended': 'Ended: {when}',
  'pdf.made': 'Copy made {when}',
  'pdf.page': 'Page {page} of {pages}',
  'pdf.system': 'System',
  'pdf.fileName': '{deskName} chat {date}',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
