import type { IdentityTranslation } from './identity.en';

export const identityAr: IdentityTranslation = {
  identifiers: {
    shown: 'يُعرض {{shown}} من {{total}}: الأقوى والأحدث ظهورًا أولًا.',
    more: 'عرض المزيد',
    loading: 'جارٍ التحميل…',
    loadError: 'تعذّر تحميل مزيد من المعرّفات.',
  },
  merges: {
    shown: 'عمليات الدمج: تُعرض أحدث {{shown}} من أصل {{total}}.',
  },
  graph: {
    shown: 'يُرسم {{shown}} من {{total}} معرّفًا: الأقوى والأحدث ظهورًا.',
    aliasEdge: 'رُبط {{from}} و{{to}} عبر استدعاء alias',
  },
  conflicts: {
    title: 'أُبقيت منفصلة',
    description: 'أحداث كانت ستضم هذا الملف إلى ملف آخر، أو حملت بنفسها معرّفات من نوع واحد، بما يتجاوز ما يحمله الشخص الواحد.',
    keptApartFrom: 'أُبقي منفصلًا عن',
    extraInEvent: 'حمل الحدث نفسه أكثر مما يحمله الشخص الواحد: لم يُحفظ المعرّف الإضافي',
    limit: '{{type}} إضافي يتجاوز ما يحمله الشخص الواحد',
    eventGone: 'لم يعد الحدث محفوظًا',
    settings: 'إعدادات الحماية من الدمج',
    loadError: 'تعذّر تحميل التعارضات.',
  },
};
