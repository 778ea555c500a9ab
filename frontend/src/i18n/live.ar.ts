import type { LiveTranslation } from './live.en';

export const liveAr: LiveTranslation = {
  skipped: 'أحداث وصلت أسرع مما يعرضه المصحّح فتم تخطّيها (عددها {{total}})؛ تُعرض الأحدث. خُزّنت كالمعتاد.',
  skippedAtLeast: 'أحداث وصلت أسرع مما يعرضه المصحّح فتم تخطّيها (عددها {{total}} على الأقل)؛ تُعرض الأحدث. خُزّنت كالمعتاد.',
};
