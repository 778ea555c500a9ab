import type { ImportsTranslation } from './imports.en';

export const importsAr: ImportsTranslation = {
  alreadyPresent: 'موجود من قبل: {{rows}}',
  notUtf8: 'هذا الملف ليس نصًا بترميز UTF-8، فستُخزَّن أسماؤه مشوّهة. في Excel احفظه بصيغة «CSV UTF-8» ثم اختره من جديد.',
};
