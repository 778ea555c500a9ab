import type { ImportsTranslation } from './imports.en';

export const importsAr: ImportsTranslation = {
  alreadyPresent: 'موجود من قبل: {{rows}}',
  duplicateColumn: 'يذكر صف العناوين العمود «{{column}}» أكثر من مرة، ولا يمكن قراءة إلا واحد منها. غيّر اسم أحدها في الملف ثم اختره من جديد.',
  showNotes: 'إظهار الملاحظات على الصفوف المستوردة ({{total}})',
  hideNotes: 'إخفاء الملاحظات على الصفوف المستوردة',
  notesTitle: 'صفوف {{file}} المستوردة مع ملاحظة',
  note: 'ملاحظة',
  notUtf8: 'هذا الملف ليس نصًا بترميز UTF-8، فستُخزَّن أسماؤه مشوّهة. في Excel احفظه بصيغة «CSV UTF-8» ثم اختره من جديد.',
};
