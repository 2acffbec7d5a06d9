// The hub's refusals are worded in English; a person reading the desk in another language gets
// the refusal's own sentence from the catalogues instead (issue 10).
import { afterAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../renderer/common/ack';
import { setupI18n } from '../../renderer/common/i18n';
import { DeskError } from '../../shared/protocol/errors';

describe('refusals in the reader’s language', () => {
  afterAll(() => void setupI18n('en'));

  it('in English the hub’s own sentence is shown, with its detail', () => {
    setupI18n('en');
    expect(errorMessage(new DeskError('code_invalid', 'That code is not right: 4 tries left.'))).toBe('That code is not right: 4 tries left.');
    expect(errorMessage(new DeskError('invalid_payload', 'Invalid request', [{ path: 'email', message: 'Invalid email address' }]))).toBe('Email: Invalid email address');
  });

  it('in French, Japanese and Arabic the code’s sentence, with the wait in whole minutes', () => {
    setupI18n('fr');
    expect(errorMessage(new DeskError('code_invalid', 'That code is not right: 4 tries left.'))).toBe('Ce code n’est pas correct. Veuillez le vérifier et réessayer.');
    expect(errorMessage(new DeskError('rate_limited', 'Too many attempts', undefined, 90_000))).toBe('Trop de tentatives. Veuillez réessayer dans 2 minutes.');
    expect(errorMessage(new DeskError('invalid_payload', 'Invalid request', [{ path: 'email', message: 'Invalid email address' }]))).toMatch(/^Certaines informations/);
    setupI18n('ja');
    expect(errorMessage(new DeskError('closed', 'Customer care is closed.'))).toBe('ただいまカスタマーケアの営業時間外です。メッセージを残していただけます。');
    setupI18n('ar');
    expect(errorMessage(new DeskError('rate_limited', 'Too many attempts', undefined, 30_000))).toBe('محاولات كثيرة جدًا. يُرجى المحاولة مرة أخرى بعد دقيقة واحدة.');
  });
});
