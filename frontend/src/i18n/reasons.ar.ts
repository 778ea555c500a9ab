import type { ReasonsTranslation } from './reasons.en';

export const reasonsAr: ReasonsTranslation = {
  invalid_field: 'حقل غير صالح',
  invalid_time: 'وقت الحدث خارج النطاق',
  no_identifier: 'لا يوجد معرّف صالح',
  suppressed: 'شخص محذوف',
  not_stored: 'رفضته قاعدة البيانات',
  unreadable: 'صف غير مقروء',
  invalid_message: 'رسالة غير صالحة',
  request_refused: 'طلب مرفوض',
};
