import type { IdentityTranslation } from './identity.en';

export const identityAr: IdentityTranslation = {
  identifiers: {
    shown: 'يُعرض {{shown}} من {{total}}: الأقوى والأحدث ظهورًا أولًا.',
    more: 'عرض المزيد',
    loading: 'جارٍ التحميل…',
    loadError: 'تعذّر تحميل مزيد من المعرّفات.',
  },
  merges: {
    shown: 'يُعرض أحدث {{shown}} من {{total}} عملية دمج.',
  },
  graph: {
    shown: 'يُرسم {{shown}} من {{total}} معرّفًا: الأقوى والأحدث ظهورًا.',
  },
};
