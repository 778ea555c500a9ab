import type { LiveTranslation } from './live.en';

export const liveAr: LiveTranslation = {
  skipped: 'وصل {{total}} حدثًا أسرع مما يعرضه المصحّح فتم تخطّيها؛ تُعرض الأحدث. خُزّنت كالمعتاد.',
  skippedAtLeast: 'وصل {{total}} حدثًا على الأقل أسرع مما يعرضه المصحّح فتم تخطّيها؛ تُعرض الأحدث. خُزّنت كالمعتاد.',
};
