// The lint rule behind "no user-facing string outside the catalogues" (issue 10) catches words in
// JSX and in user-facing attributes, and lets t(...) and non-words through.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/hub';

const lint = async (code: string) => {
  const eslint = new ESLint({ cwd: ROOT });
  const [r] = await eslint.lintText(code, { filePath: `${ROOT}/renderer/widget/App.tsx` });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
};

describe('the catalogue lint rule', () => {
  it('flags words written in JSX and in aria-label/placeholder, not t(...) or punctuation', async () => {
    const code = [
      "import { useTranslation } from 'react-i18next';",
      'export function X() {',
      '  const { t } = useTranslation();',
      '  return (',
      '    <div>',
      '      <p>Hello there</p>',
      '      <input aria-label="Your name" placeholder={t(\'widget.field.name\')} />',
      "      <p>{t('widget.tagline')} · 42</p>",
      '      <p>Привет</p>',
      '    </div>',
      '  );',
      '}',
    ].join('\n');
    expect(await lint(code)).toEqual([6, 7, 9]);
  }, 60_000);
});
