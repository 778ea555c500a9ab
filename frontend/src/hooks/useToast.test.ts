import { afterEach, describe, expect, it } from 'vitest';
import { ApiRequestError } from '@/api/errors';
import i18n from '@/i18n';
import { errorMessage } from './useToast';

const refused = (status: number, message: string) => new ApiRequestError(message, { status });

describe('errorMessage', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('shows the API message in English, and in another language translates what the status says', async () => {
    const t = i18n.t.bind(i18n) as Parameters<typeof errorMessage>[1];
    expect(errorMessage(refused(404, 'Profile not found'), t)).toBe('Profile not found');
    await i18n.changeLanguage('ar');
    expect(errorMessage(refused(404, 'Profile not found'), t)).toBe('غير موجود: ربما مُحي أو دُمج في هذه الأثناء. حدّث الصفحة.');
    expect(errorMessage(refused(403, 'You do not have permission to do this (it needs cdp:admin)'), t)).toBe('دورك لا يسمح بهذا.');
    expect(errorMessage(refused(500, 'Internal error'), t)).toBe('حدث خطأ من جهتنا. حاول مجددًا بعد قليل.');
    // A conflict's message names what to do instead: kept as the API wrote it.
    expect(errorMessage(refused(409, 'This merge was already undone'), t)).toBe('This merge was already undone');
  });
});
