import type { ApiErrorsTranslation } from './apiErrors.en';

export const apiErrorsAr: ApiErrorsTranslation = {
  notFound: 'غير موجود: ربما مُحي أو دُمج في هذه الأثناء. حدّث الصفحة.',
  forbidden: 'دورك لا يسمح بهذا.',
  rateLimited: 'طلبات كثيرة جدًا: انتظر قليلًا ثم حاول مجددًا.',
  serverError: 'حدث خطأ من جهتنا. حاول مجددًا بعد قليل.',
  featureDisabled: 'هذه الميزة غير مفعّلة في مساحة العمل هذه.',
  featureDisabledTitle: 'غير مفعّلة في مساحة العمل هذه',
  featureDisabledDescription: 'يفعّل مسؤول المنصة الميزات لكل مساحة عمل. اطلبها منه إن كنت تحتاج إليها.',
  sourceNameTaken: 'يحمل مصدر آخر هذا الاسم: اختر اسمًا غيره.',
  emailTaken: 'يوجد مستخدم بهذا البريد الإلكتروني.',
  slugTaken: 'يحمل مستأجر آخر هذا المعرّف: اختر غيره.',
};
