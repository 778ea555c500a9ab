import type { AccountTranslation } from './account.en';

export const accountAr: AccountTranslation = {
  changePassword: 'تغيير كلمة المرور',
  changePasswordDescription: 'سيُسجَّل خروجك من أجهزتك ومتصفحاتك الأخرى، ويبقى هذا المتصفح مسجّل الدخول.',
  currentPassword: 'كلمة المرور الحالية',
  newPassword: 'كلمة المرور الجديدة',
  newPasswordHint: '{{min}} أحرف على الأقل.',
  submit: 'تغيير كلمة المرور',
  submitting: 'جارٍ التغيير…',
  changed: 'تم تغيير كلمة المرور، وسُجّل الخروج من الجلسات الأخرى.',
  serverErrors: {
    wrong_password: 'هذه ليست كلمة مرورك الحالية.',
  },
  sameAsCurrent: 'اختر كلمة مرور مختلفة عن الحالية.',
};
