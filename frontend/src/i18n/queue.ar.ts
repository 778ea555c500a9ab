import type { QueueTranslation } from './queue.en';

export const queueAr: QueueTranslation = {
  setAside: {
    title: 'طلبات تعذّر تخزينها: {{n}}',
    description:
      'رفضت قاعدة البيانات أحداثها، فوُضعت جانبًا ومضت الطلبات التالية لها. أعد المحاولة بعد إصلاح السبب، أو تجاهلها. يُحذف كل طلب بعد 7 أيام من وضعه جانبًا.',
    received: 'الاستلام',
    events: 'الأحداث',
    failure: 'الخطأ',
    expires: 'يُحذف في',
    actions: 'الإجراءات',
    retry: 'إعادة المحاولة',
    retryLabel: 'إعادة محاولة الطلب المستلم في {{date}}',
    retried: 'أُعيد الطلب إلى قائمة الانتظار: تجري معالجة أحداثه',
    discard: 'تجاهل',
    discardLabel: 'تجاهل الطلب المستلم في {{date}}',
    discardTitle: 'تجاهل هذا الطلب؟',
    discardDescription: 'تُحذف أحداثه ({{n}}) دون تخزينها. لا يمكن التراجع عن ذلك.',
    discarding: 'جارٍ التجاهل…',
    discarded: 'تم تجاهل الطلب',
    loadError: 'تعذّر تحميل الطلبات الموضوعة جانبًا.',
  },
};
