import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import '@/i18n';
import { apiClient } from '@/api/client';
import { useSessionStore } from '@/stores/session';
import { useTenantStore } from '@/stores/tenant';
import { useToastStore } from '@/stores/toast';
import { useUiStore } from '@/stores/ui';

// findBy*/waitFor give up after one second by default: on a loaded CI machine a page that renders charts took
// longer than that to settle (DashboardPage failed once so). What they wait for is unchanged, only the patience.
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks the layout APIs Radix measures with; they only need to exist.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub;
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => {};

afterEach(() => {
  cleanup();
  localStorage.clear();
  useSessionStore.setState(useSessionStore.getInitialState(), true);
  useTenantStore.setState(useTenantStore.getInitialState(), true);
  useToastStore.setState({ toasts: [] });
  useUiStore.setState({ ...useUiStore.getInitialState(), theme: 'light', language: 'en' }, true);
  document.documentElement.className = '';
  delete apiClient.defaults.adapter;
});
