import type { PrivacyTranslation } from './privacy.en';

export const privacyAr: PrivacyTranslation = {
  exportConfirm: {
    title: 'تصدير هذا الملف الشخصي؟',
    description:
      'يحتوي الملف على كل ما يُحتفظ به عن هذا الشخص: الملف الشخصي والمعرّفات والأحداث والموافقات وعمليات الدمج. احفظه في مكان آمن؛ يُسجَّل التصدير في سجل التدقيق.',
    button: 'تنزيل الملف المُصدَّر',
  },
};
