import type { IntegrationsTranslation } from './integrations.en';

export const integrationsAr: IntegrationsTranslation = {
  rudderstack: {
    title: 'تستخدم RudderStack؟',
    description:
      'حمّل حزمة RudderStack JavaScript SDK بهذا المفتاح واجعل Stratum مستوى البيانات (data plane) لها وعنوان إعداداتها (config URL) معًا: عندها تقرأ إعداد المصدر من Stratum، ولا يسمّي أي وجهة، وترسل كل شيء إليه. أما مكتبات RudderStack للخوادم فيكفي تغيير عنوان مستوى البيانات فيها.',
    label: 'إعداد RudderStack SDK',
  },
};
